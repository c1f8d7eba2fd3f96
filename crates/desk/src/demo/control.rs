//! Calls to the emulator's control API under `/__sim/`, which does in the demo what an admin
//! does in Okta's Admin Console: register a service app, add its public key, grant scopes.

use std::time::Duration;

use okta_sim::World;
use reqwest::Method;
use serde_json::Value;

use super::error::DemoError;

/// A client for the control API of one emulator on a loopback port.
#[derive(Clone, Debug)]
pub(super) struct Control {
    http: reqwest::Client,
    base: String,
}

impl Control {
    /// Builds a client for the emulator on `127.0.0.1:{port}`. The control API is served on
    /// every host, so the loopback address needs no name resolution.
    pub fn new(port: u16) -> Result<Self, DemoError> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|source| DemoError::ControlUnreachable {
                action: "set up the control client",
                source,
            })?;
        Ok(Self {
            http,
            base: format!("http://127.0.0.1:{port}/__sim"),
        })
    }

    /// Reads the emulator's current state (`GET /__sim/state`).
    pub async fn state(&self) -> Result<World, DemoError> {
        let action = "read the demo state";
        let response = self.send(action, Method::GET, "/state", None).await?;
        response
            .json()
            .await
            .map_err(|source| DemoError::ControlUnreachable { action, source })
    }

    /// Registers a service app (`POST /__sim/clients`).
    pub async fn register_client(&self, body: &Value) -> Result<(), DemoError> {
        let action = "register the demo client";
        self.send(action, Method::POST, "/clients", Some(body))
            .await
            .map(drop)
    }

    /// Adds a public key to a registered app (`POST /__sim/clients/{id}/keys`).
    pub async fn add_key(&self, client_id: &str, jwk: &Value) -> Result<(), DemoError> {
        let action = "add the demo key";
        let path = format!("/clients/{client_id}/keys");
        self.send(action, Method::POST, &path, Some(jwk))
            .await
            .map(drop)
    }

    /// Changes a registered app (`PATCH /__sim/clients/{id}`).
    pub async fn patch_client(&self, client_id: &str, body: &Value) -> Result<(), DemoError> {
        let action = "grant scopes to the demo client";
        let path = format!("/clients/{client_id}");
        self.send(action, Method::PATCH, &path, Some(body))
            .await
            .map(drop)
    }

    /// Sends one request and turns any status other than 2xx into [`DemoError::ControlRejected`]
    /// with Okta's `errorSummary` and causes when the body has them.
    async fn send(
        &self,
        action: &'static str,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<reqwest::Response, DemoError> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|source| DemoError::ControlUnreachable { action, source })?;
        if response.status().is_success() {
            return Ok(response);
        }

        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        Err(DemoError::ControlRejected {
            action,
            status,
            summary: error_summary(&text),
        })
    }
}

/// Reads `errorSummary` and every `errorCauses[].errorSummary` from an Okta error body, or
/// returns the body itself when it is not one.
fn error_summary(body: &str) -> String {
    let Ok(value) = serde_json::from_str::<Value>(body) else {
        return body.trim().to_owned();
    };
    let Some(summary) = value["errorSummary"].as_str() else {
        return body.trim().to_owned();
    };
    let causes: Vec<&str> = value["errorCauses"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|cause| cause["errorSummary"].as_str())
        .collect();
    if causes.is_empty() {
        summary.to_owned()
    } else {
        format!("{summary} ({})", causes.join("; "))
    }
}
