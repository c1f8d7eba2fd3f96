//! Test harness: okta-sim in-process on a random loopback port, and the built `aerial` binary
//! run in its own configuration and data folders.

#![allow(dead_code)]

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use okta_sim::{RunningSim, SimConfig};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use serde_json::{Value, json};

/// The demo account of okta-sim.
pub const ACCOUNT: &str = "0227nwdemo8ulgt48bkidcd8ekq";
pub const AERIAL_HOST: &str = "aerial.sim.localhost";
pub const AERIAL_ORG_HOST: &str = "northwind-aerial.sim.localhost";
pub const READ: &str = "okta.accounts.read";
pub const MANAGE: &str = "okta.accounts.manage";

/// Maps `*.localhost` to 127.0.0.1 and fails every other name, so a test cannot reach another
/// host even by mistake.
struct LoopbackOnly;

impl Resolve for LoopbackOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        Box::pin(async move {
            if host == "localhost" || host.ends_with(".localhost") {
                let addrs: Addrs = Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 1], 0))));
                Ok(addrs)
            } else {
                Err(format!("the test resolver only maps *.localhost names, not {host}").into())
            }
        })
    }
}

/// Returns a reqwest client that reaches only `*.localhost` names, on 127.0.0.1.
pub fn loopback_client() -> reqwest::Client {
    reqwest::Client::builder()
        .dns_resolver(LoopbackOnly)
        .no_proxy()
        .build()
        .expect("the HTTP client builds")
}

/// okta-sim on its own runtime, with the control API on.
pub struct Sim {
    runtime: tokio::runtime::Runtime,
    sim: Option<RunningSim>,
    http: reqwest::Client,
}

impl Sim {
    pub fn demo() -> Self {
        Self::start(SimConfig::demo())
    }

    pub fn from_seed(seed: &str) -> Self {
        Self::start(SimConfig::from_seed_json(seed).expect("the seed loads"))
    }

    fn start(config: SimConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("the runtime starts");
        let sim = runtime
            .block_on(okta_sim::start(config.control_api(true)))
            .expect("okta-sim starts");
        let http = loopback_client();
        Sim {
            runtime,
            sim: Some(sim),
            http,
        }
    }

    pub fn port(&self) -> u16 {
        self.sim.as_ref().expect("running").port()
    }

    /// Returns `http://{host}:{port}`.
    pub fn url(&self, host: &str) -> String {
        format!("http://{host}:{}", self.port())
    }

    /// Sends a control API request and returns the status and the JSON body (null when empty).
    pub fn control(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.url(AERIAL_ORG_HOST));
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        self.runtime.block_on(async {
            let mut request = self.http.request(method, url);
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.expect("the control API responds");
            let status = response.status().as_u16();
            let text = response.text().await.expect("a body");
            (status, serde_json::from_str(&text).unwrap_or(Value::Null))
        })
    }

    /// Registers a service app client in the Aerial org with `jwk` as its key.
    pub fn register_client(&self, client_id: &str, jwk: &Value, scopes: &[&str], dpop: bool) {
        let (status, body) = self.control(
            "POST",
            "/__sim/clients",
            Some(json!({
                "orgDomain": AERIAL_ORG_HOST,
                "clientId": client_id,
                "applicationType": "service",
                "tokenEndpointAuthMethod": "private_key_jwt",
                "grantedScopes": scopes,
                "dpopRequired": dpop,
                "jwks": [jwk],
            })),
        );
        assert_eq!(status, 201, "registering client {client_id} failed: {body}");
    }

    /// Runs `future` on the emulator's runtime.
    pub fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        self.runtime.block_on(future)
    }

    /// Adds a fault; see the okta-sim README for the fields.
    pub fn fault(&self, fault: Value) {
        let (status, body) = self.control("POST", "/__sim/faults", Some(fault));
        assert_eq!(status, 201, "adding the fault failed: {body}");
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(sim) = self.sim.take() {
            self.runtime.block_on(sim.shutdown());
        }
    }
}

/// The output of one `aerial` run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code; output: {self:#?}");
        assert!(
            !self.stderr.contains("panicked"),
            "aerial panicked: {self:#?}"
        );
        self
    }

    #[track_caller]
    pub fn expect_ok(&self) -> &Self {
        self.expect_code(0)
    }

    #[track_caller]
    pub fn expect_stderr(&self, phrase: &str) -> &Self {
        assert!(
            self.stderr.contains(phrase),
            "stderr lacks {phrase:?}: {self:#?}"
        );
        self
    }

    #[track_caller]
    pub fn expect_stdout(&self, phrase: &str) -> &Self {
        assert!(
            self.stdout.contains(phrase),
            "stdout lacks {phrase:?}: {self:#?}"
        );
        self
    }

    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}): {self:#?}"))
    }
}

/// The `aerial` binary with its own configuration and data folders.
pub struct Aerial {
    folder: tempfile::TempDir,
    keychain: bool,
}

impl Aerial {
    /// Runs without a keychain: the D-Bus session address points nowhere, so a command that
    /// reaches the keychain fails with exit code 4 instead of touching a real keychain.
    pub fn without_keychain() -> Self {
        Aerial {
            folder: tempfile::tempdir().expect("a temporary folder"),
            keychain: false,
        }
    }

    /// Runs with the session's keychain; use only under `scripts/with-keychain.sh available`.
    pub fn with_keychain() -> Self {
        assert_eq!(
            std::env::var("AERIAL_DESK_KEYCHAIN_ENV").as_deref(),
            Ok("available"),
            "keychain tests run under scripts/with-keychain.sh available, which gives them a private keychain"
        );
        Aerial {
            folder: tempfile::tempdir().expect("a temporary folder"),
            keychain: true,
        }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.folder.path().join("config")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.folder.path().join("data")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.folder.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_aerial"));
        command
            .args(args)
            .env("AERIAL_DESK_CONFIG_DIR", self.config_dir())
            .env("AERIAL_DESK_DATA_DIR", self.data_dir())
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if !self.keychain {
            let nowhere = self.folder.path().join("no-such-bus");
            command.env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", nowhere.display()),
            );
        }
        command
    }

    /// Runs `aerial ARGS` with stdin closed, as a script would.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[], None)
    }

    /// Runs `aerial ARGS` with extra environment variables and optional stdin text.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
        let mut command = self.command(args);
        for (name, value) in env {
            command.env(name, value);
        }
        command.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let mut child = command.spawn().expect("aerial starts");
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(text.as_bytes())
                .expect("stdin takes the input");
        }
        let output = child.wait_with_output().expect("aerial ends");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `aerial ARGS` in a pseudo-terminal made by util-linux `script`, typing `input`, so
    /// the command prompts as it would for a person.
    pub fn run_in_terminal(&self, args: &[&str], input: &str) -> Run {
        let quote = |text: &str| format!("'{}'", text.replace('\'', "'\\''"));
        let mut line = quote(env!("CARGO_BIN_EXE_aerial"));
        for arg in args {
            line.push(' ');
            line.push_str(&quote(arg));
        }
        let mut command = Command::new("script");
        command
            .args(["-q", "-e", "-c", &line, "/dev/null"])
            .env("AERIAL_DESK_CONFIG_DIR", self.config_dir())
            .env("AERIAL_DESK_DATA_DIR", self.data_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if !self.keychain {
            let nowhere = self.folder.path().join("no-such-bus");
            command.env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", nowhere.display()),
            );
        }
        let mut child = command.spawn().expect("script starts");
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(input.as_bytes())
            .expect("the terminal takes the input");
        let output = child.wait_with_output().expect("script ends");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Writes a profile file by hand, for tests that need a profile but no keychain.
    pub fn write_profiles(&self, profiles: &Value) {
        std::fs::create_dir_all(self.config_dir()).expect("the config folder is created");
        std::fs::write(
            self.config_dir().join("profiles.json"),
            profiles.to_string(),
        )
        .expect("the profile file is written");
    }

    /// Adds profile `name` for the emulator's demo account through `aerial profile add`, and
    /// registers its public key as client `client_id` with `scopes`. Returns the public JWK.
    pub fn connected_profile(
        &self,
        sim: &Sim,
        name: &str,
        client_id: &str,
        scopes: &[&str],
    ) -> Value {
        let run = self.run(
            &profile_add_args(sim, name, client_id, &["--json"])
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        );
        run.expect_ok();
        let jwk = run.json()["publicJwk"].clone();
        sim.register_client(client_id, &jwk, scopes, false);
        jwk
    }
}

/// Returns the arguments of `aerial profile add` for the emulator's demo account.
pub fn profile_add_args(sim: &Sim, name: &str, client_id: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "profile",
        "add",
        name,
        "--environment",
        "custom",
        "--aerial-service",
        &sim.url(AERIAL_HOST),
        "--account-id",
        ACCOUNT,
        "--aerial-org",
        &sim.url(AERIAL_ORG_HOST),
        "--client-id",
        client_id,
    ]
    .iter()
    .map(|text| text.to_string())
    .collect();
    args.extend(extra.iter().map(|text| text.to_string()));
    args
}

/// Returns a valid profile file with one custom profile named `name`, for tests without a
/// keychain.
pub fn profile_file(name: &str, port: u16) -> Value {
    json!({
        "version": 1,
        "active": name,
        "profiles": [{
            "name": name,
            "environment": "custom",
            "aerialService": format!("http://{AERIAL_HOST}:{port}"),
            "accountId": ACCOUNT,
            "aerialOrg": format!("http://{AERIAL_ORG_HOST}:{port}"),
            "clientId": "0oatestclient000001",
            "keyId": "test-key",
            "dpop": false,
            "parentOrgs": []
        }]
    })
}

/// Returns the folder of the test fixtures.
pub fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}
