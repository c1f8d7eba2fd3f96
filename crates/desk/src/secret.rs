//! A wrapper for secret values: private keys, client assertions, access tokens, org API tokens.
//!
//! `Debug` prints `<redacted>`, and the type implements neither `Display` nor `Serialize`, so a
//! secret cannot reach a log line or cross IPC by accident. The value is zeroized on drop.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret value that reads back only through [`Secret::expose`].
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secret<T: Zeroize>(T);

impl<T: Zeroize> Secret<T> {
    /// Wraps a value so that it is redacted in debug output and zeroized on drop.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// Returns the secret value. Every call site is a place where a secret leaves the wrapper,
    /// so keep them few and never pass the result to a logger or a serializer.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> fmt::Debug for Secret<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("<redacted>")
    }
}

impl From<String> for Secret<String> {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A secret must never be printable with `{}` or serializable into IPC or a file.
    static_assertions::assert_not_impl_any!(Secret<String>: fmt::Display, serde::Serialize);
    static_assertions::assert_not_impl_any!(Secret<Vec<u8>>: fmt::Display, serde::Serialize);

    #[test]
    fn debug_output_is_redacted() {
        let secret = Secret::new(String::from("SSWS 00abcdef"));

        let printed = format!("{secret:?} {:?}", Some(&secret));

        assert_eq!(printed, "<redacted> Some(<redacted>)");
    }

    #[test]
    fn expose_returns_the_value() {
        let secret = Secret::new(vec![1u8, 2, 3]);

        assert_eq!(secret.expose(), &vec![1u8, 2, 3]);
    }
}
