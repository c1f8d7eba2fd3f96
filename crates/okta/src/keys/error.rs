//! Errors from generating, importing, storing and using signing keys.

/// The accepted formats, appended to every rejection so the user knows what to import instead.
pub const ACCEPTED_FORMATS: &str = "Accepted: a PEM private key in PKCS#8 (BEGIN PRIVATE KEY, or \
BEGIN ENCRYPTED PRIVATE KEY with its passphrase), PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC1 \
(BEGIN EC PRIVATE KEY), holding an RSA key of at least 2048 bits or an EC key on P-256.";

/// A key could not be generated, imported, stored or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The input was empty.
    #[error("the key text is empty. {ACCEPTED_FORMATS}")]
    Empty,

    /// No PEM block was found.
    #[error("no PEM block (-----BEGIN ...-----) was found in the key text. {ACCEPTED_FORMATS}")]
    NotPem,

    /// A PEM block was found, but its base64 or DER content is damaged.
    #[error(
        "the {format} block is damaged ({reason}); copy the whole file again. {ACCEPTED_FORMATS}"
    )]
    Malformed {
        /// The format the block claimed to be.
        format: &'static str,
        /// The decoder's message.
        reason: String,
    },

    /// The input is a public key.
    #[error(
        "this is a public key ({label}), not a private key: import the private key it belongs to. {ACCEPTED_FORMATS}"
    )]
    PublicKey {
        /// The PEM label found.
        label: String,
    },

    /// The input is a certificate or certificate request.
    #[error(
        "this is a certificate ({label}), not a private key: import the private key it was issued for. {ACCEPTED_FORMATS}"
    )]
    Certificate {
        /// The PEM label found.
        label: String,
    },

    /// The input is an OpenSSH private key.
    #[error(
        "this is an OpenSSH private key: convert it with `ssh-keygen -p -m PKCS8 -f FILE` and import the result. {ACCEPTED_FORMATS}"
    )]
    OpenSsh,

    /// OpenSSL's legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`) is not supported.
    #[error(
        "this key uses OpenSSL's legacy PEM encryption (Proc-Type: 4,ENCRYPTED): convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in FILE -out NEW.pem` and import NEW.pem. {ACCEPTED_FORMATS}"
    )]
    LegacyEncryptedPem,

    /// An encrypted PKCS#8 key was given without a passphrase.
    #[error("this private key is encrypted: enter its passphrase")]
    PassphraseRequired,

    /// The passphrase did not decrypt the key.
    #[error("the passphrase did not decrypt this private key: check it and try again")]
    WrongPassphrase,

    /// The encrypted key uses a cipher or key derivation that is not supported.
    #[error(
        "this key is encrypted with a scheme that is not supported ({reason}): re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`. {ACCEPTED_FORMATS}"
    )]
    UnsupportedEncryption {
        /// The decoder's message.
        reason: String,
    },

    /// The RSA key is too small.
    #[error(
        "this RSA key has {bits} bits, but Okta requires at least 2048: generate a new key. {ACCEPTED_FORMATS}"
    )]
    RsaTooSmall {
        /// Modulus size found.
        bits: usize,
    },

    /// The RSA key has more than two primes.
    #[error(
        "this RSA key has more than two primes (multi-prime RSA), which this app cannot sign with: generate a new key. {ACCEPTED_FORMATS}"
    )]
    MultiPrimeRsa,

    /// The EC key is on a curve other than P-256.
    #[error("this EC key is on the curve {curve}, which is not supported. {ACCEPTED_FORMATS}")]
    UnsupportedCurve {
        /// Curve name or OID found.
        curve: String,
    },

    /// The key uses an algorithm other than RSA or EC.
    #[error(
        "this is a {algorithm} private key, which Okta does not accept for client assertions. {ACCEPTED_FORMATS}"
    )]
    UnsupportedAlgorithm {
        /// Algorithm name or OID found.
        algorithm: String,
    },

    /// The PEM label is not one of the known private key labels.
    #[error(
        "the PEM block is labelled \"{label}\", which is not a private key format. {ACCEPTED_FORMATS}"
    )]
    UnsupportedLabel {
        /// The PEM label found.
        label: String,
    },

    /// The key's numbers are inconsistent.
    #[error("the RSA key failed its consistency check ({reason}): the file is damaged")]
    InvalidRsaKey {
        /// The consistency check's message.
        reason: String,
    },

    /// The user-chosen `kid` is not usable.
    #[error(
        "the key ID {kid:?} is invalid: use 1 to 200 printable ASCII characters without spaces"
    )]
    InvalidKid {
        /// The rejected value.
        kid: String,
    },

    /// The stored key bytes could not be read.
    #[error("the stored key is unreadable ({reason}): import or generate the key again")]
    Storage {
        /// The problem found in the bytes.
        reason: String,
    },

    /// Key generation failed.
    #[error("generating the key failed: {reason}")]
    Generate {
        /// The generator's message.
        reason: String,
    },

    /// Encoding the key for signing or export failed.
    #[error("encoding the key failed: {reason}")]
    Encode {
        /// The encoder's message.
        reason: String,
    },

    /// Signing a JWT failed.
    #[error("signing the JWT failed: {reason}")]
    Sign {
        /// The signer's message.
        reason: String,
    },
}
