//! A redacting, zeroizing wrapper for secrets: private key bytes, assertions, access tokens and
//! org API tokens.

use std::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroize;

/// A secret value. `Debug` prints `<redacted>`, there is no `Display` and no `Serialize`, and the
/// value is zeroized when dropped. [`Secret::expose`] is the only way to read it.
pub struct Secret<T: Zeroize>(T);

impl<T: Zeroize> Secret<T> {
    /// Wraps a value so it can no longer be printed or serialized by accident.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// Returns the secret value. Every call site is a place where the secret leaves the wrapper,
    /// so keep the borrow short and never log it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize + Clone> Clone for Secret<T> {
    fn clone(&self) -> Self {
        Secret(self.0.clone())
    }
}

impl<T: Zeroize> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T: Zeroize> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl<'de, T: Zeroize + Deserialize<'de>> Deserialize<'de> for Secret<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Secret)
    }
}

/// A secret string, such as an access token or an SSWS API token.
pub type SecretString = Secret<String>;

/// Secret bytes, such as the compact storage form of a private key.
pub type SecretBytes = Secret<Vec<u8>>;

#[cfg(test)]
mod tests {
    use super::*;

    // A secret must never be printable with `{}` or serializable into IPC or a file.
    static_assertions::assert_not_impl_any!(SecretString: fmt::Display, serde::Serialize);
    static_assertions::assert_not_impl_any!(SecretBytes: fmt::Display, serde::Serialize);

    #[test]
    fn debug_prints_redacted() {
        let secret = SecretString::new("00abcSSWS".to_owned());
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(<redacted>)");
    }

    #[test]
    fn expose_returns_the_value() {
        let secret = SecretBytes::new(vec![1, 2, 3]);
        assert_eq!(secret.expose(), &vec![1, 2, 3]);
    }

    #[test]
    fn deserializes_from_plain_json() {
        let secret: SecretString = serde_json::from_str("\"tok\"").unwrap();
        assert_eq!(secret.expose(), "tok");
    }
}
