//! Okta protocol client for Aerial Desk.
//!
//! Everything that talks to Okta: signing keys and JWKs, `private_key_jwt` client assertions,
//! DPoP proofs, the access-token cache, the Aerial API, the Org Creator API, Aerial consent and the
//! org management calls used to configure a new org. It has no UI or Tauri dependency.

#![warn(missing_docs)]

pub mod aerial;
mod api;
pub mod assertion;
pub mod dpop;
pub mod error;
pub mod http;
mod jwt;
pub mod keys;
pub mod org;
pub mod pagination;
pub mod redact;
pub mod secret;
pub mod token;
mod tolerant;
pub mod urls;
mod validate;

pub use aerial::AerialClient;
pub use api::OrgCredentials;
pub use error::{ApiError, Error, ErrorBody, TokenFailure};
pub use http::{Http, HttpConfig, Retry};
pub use keys::{Jwks, KeyError, KeyKind, KeyType, PrivateKey, PublicJwk};
pub use org::OrgClient;
pub use pagination::Pages;
pub use secret::{Secret, SecretBytes, SecretString};
pub use token::{AccessToken, ScopeSet, ServiceApp, TokenClient, TokenKind, scope};
pub use urls::BaseUrl;
