//! Serde helpers for reading Okta's JSON tolerantly.

use serde::{Deserialize, Deserializer};

/// Reads `null` as the type's default, as serde's `default` does for a missing field.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
