//! The connect wizard's key: generated or imported, stored in the keychain at once under the
//! profile's name, and shown to the admin only as its public JWK.

use desk::SecretString;
use desk::profiles::{ProfileName, SecretKind, SecretStore, secrets::entry_name};
use okta::{KeyError, KeyType, PrivateKey};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::WizardError;

/// The kind of key to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum KeyChoice {
    /// EC P-256, signing with ES256 (the default Okta suggests).
    Es256,
    /// RSA with a 2048-bit modulus, signing with RS256.
    Rsa2048,
}

/// The public half of the wizard's key, as the admin pastes it into the Admin Console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyView {
    /// The key ID (`kid`).
    pub kid: String,
    /// `ES256` or `RS256`.
    pub algorithm: String,
    /// The public JWK as indented JSON.
    pub jwk: String,
    /// The RFC 7638 thumbprint, to compare with what the Admin Console shows.
    pub thumbprint: String,
}

impl PublicKeyView {
    pub fn of(key: &PrivateKey) -> Self {
        let jwk = key.public_jwk();
        Self {
            kid: key.kid().to_owned(),
            algorithm: jwk.alg.clone(),
            jwk: serde_json::to_string_pretty(&jwk).unwrap_or_default(),
            thumbprint: key.thumbprint(),
        }
    }
}

/// Returns the JWK Set file content for "Save as…": `{"keys": [the public JWK]}`.
pub fn jwks_file(key: &PrivateKey) -> String {
    let mut text = serde_json::to_string_pretty(&key.public_jwks()).unwrap_or_default();
    text.push('\n');
    text
}

/// Generates a key and stores it as the private key of `profile`.
pub async fn generate<S: SecretStore>(
    secrets: &S,
    profile: &ProfileName,
    choice: KeyChoice,
) -> Result<PublicKeyView, WizardError> {
    let key_type = match choice {
        KeyChoice::Es256 => KeyType::EcP256,
        KeyChoice::Rsa2048 => KeyType::Rsa2048,
    };
    // RSA generation takes up to a few seconds, so it runs off the async runtime.
    let key = tokio::task::spawn_blocking(move || PrivateKey::generate(key_type))
        .await
        .map_err(|error| WizardError::Internal(error.to_string()))??;
    store(secrets, profile, &key).await?;
    tracing::info!(profile = %profile, kid = key.kid(), "generated a key for the connect wizard");
    Ok(PublicKeyView::of(&key))
}

/// Imports a PEM private key and stores it as the private key of `profile`. An encrypted key
/// without a passphrase fails with [`KeyError::PassphraseRequired`], so the wizard can prompt for
/// the passphrase.
pub async fn import<S: SecretStore>(
    secrets: &S,
    profile: &ProfileName,
    pem: &SecretString,
    passphrase: Option<&SecretString>,
) -> Result<PublicKeyView, WizardError> {
    let passphrase = passphrase.map(|value| value.expose().as_str());
    let key = PrivateKey::from_pem(pem.expose(), passphrase)?;
    store(secrets, profile, &key).await?;
    tracing::info!(profile = %profile, kid = key.kid(), "imported a key for the connect wizard");
    Ok(PublicKeyView::of(&key))
}

/// Reads the private key stored for `profile`.
pub async fn stored<S: SecretStore>(
    secrets: &S,
    profile: &ProfileName,
) -> Result<PrivateKey, WizardError> {
    let entry = entry_name(profile, &SecretKind::PrivateKey);
    let bytes = secrets
        .get(&entry)
        .await?
        .ok_or_else(|| WizardError::NoKey {
            profile: profile.to_string(),
        })?;
    Ok(PrivateKey::from_storage_bytes(bytes.expose())?)
}

async fn store<S: SecretStore>(
    secrets: &S,
    profile: &ProfileName,
    key: &PrivateKey,
) -> Result<(), WizardError> {
    let entry = entry_name(profile, &SecretKind::PrivateKey);
    secrets.set(&entry, key.to_storage_bytes()).await?;
    Ok(())
}

/// Deletes the key stored for `profile`, for a wizard that was left before saving. Deleting a
/// key that is not there succeeds.
pub async fn discard<S: SecretStore>(
    secrets: &S,
    profile: &ProfileName,
) -> Result<(), WizardError> {
    secrets
        .delete(&entry_name(profile, &SecretKind::PrivateKey))
        .await?;
    Ok(())
}

/// Whether the key error means the wizard should ask for a passphrase.
pub fn needs_passphrase(error: &KeyError) -> bool {
    matches!(
        error,
        KeyError::PassphraseRequired | KeyError::WrongPassphrase
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use desk::{KeychainError, Secret};

    use super::*;

    /// A secret store in memory, standing in for the keychain.
    #[derive(Default)]
    struct MemoryStore(Mutex<HashMap<String, Vec<u8>>>);

    impl SecretStore for MemoryStore {
        async fn get(&self, name: &str) -> Result<Option<Secret<Vec<u8>>>, KeychainError> {
            Ok(self.0.lock().unwrap().get(name).cloned().map(Secret::new))
        }

        async fn set(&self, name: &str, value: Secret<Vec<u8>>) -> Result<(), KeychainError> {
            self.0
                .lock()
                .unwrap()
                .insert(name.to_owned(), value.expose().clone());
            Ok(())
        }

        async fn delete(&self, name: &str) -> Result<(), KeychainError> {
            self.0.lock().unwrap().remove(name);
            Ok(())
        }
    }

    fn name() -> ProfileName {
        ProfileName::parse("Acme").unwrap()
    }

    #[tokio::test]
    async fn generated_key_is_stored_under_profile() {
        let store = MemoryStore::default();

        let view = generate(&store, &name(), KeyChoice::Es256).await.unwrap();

        let stored = stored(&store, &name()).await.unwrap();
        assert_eq!(stored.kid(), view.kid);
        assert_eq!(view.algorithm, "ES256");
        assert!(
            store
                .0
                .lock()
                .unwrap()
                .contains_key("profile/acme/private-key")
        );
    }

    #[tokio::test]
    async fn public_view_holds_no_private_member() {
        let store = MemoryStore::default();

        let view = generate(&store, &name(), KeyChoice::Es256).await.unwrap();

        let jwk: serde_json::Value = serde_json::from_str(&view.jwk).unwrap();
        assert_eq!(jwk["kty"], "EC");
        assert!(
            jwk.get("d").is_none(),
            "the private scalar must not be shown"
        );
    }

    #[tokio::test]
    async fn imported_pem_round_trips() {
        let original = PrivateKey::generate(KeyType::EcP256).unwrap();
        let pem = original.to_pkcs8_pem().unwrap();
        let store = MemoryStore::default();

        let view = import(&store, &name(), &pem, None).await.unwrap();

        assert_eq!(view.thumbprint, original.thumbprint());
        assert_eq!(
            jwks_file(&stored(&store, &name()).await.unwrap()),
            jwks_file(&original)
        );
    }

    #[tokio::test]
    async fn text_without_pem_is_not_stored() {
        let store = MemoryStore::default();
        let text = SecretString::new("hello".to_owned());

        let error = import(&store, &name(), &text, None).await.unwrap_err();

        assert!(
            matches!(error, WizardError::Key(KeyError::NotPem)),
            "{error}"
        );
        assert!(store.0.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn discarded_key_is_gone() {
        let store = MemoryStore::default();
        generate(&store, &name(), KeyChoice::Es256).await.unwrap();

        discard(&store, &name()).await.unwrap();

        assert!(store.0.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn missing_key_is_reported() {
        let store = MemoryStore::default();

        let error = stored(&store, &name()).await.unwrap_err();

        assert!(matches!(error, WizardError::NoKey { .. }), "{error}");
    }
}
