//! The `okta-sim` binary: prints its address and serves the seed it was given.

use std::process::Stdio;

use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::support::*;

#[tokio::test]
async fn binary_prints_address_and_serves_seed() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_okta-sim"))
        .args(["--listen", "127.0.0.1:0", "--seed", seed, "--control"])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).await.unwrap();
    let address = line
        .trim()
        .strip_prefix("okta-sim listening on http://127.0.0.1:")
        .expect(&line);
    let port: u16 = address.parse().unwrap();

    let url = format!("http://acme-aerial.sim.localhost:{port}/__sim/state");
    let response = http_client().get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let state: serde_json::Value = response.json().await.unwrap();
    assert_eq!(state["accounts"][0]["id"], "0227acmedemo000000000000000");
    child.kill().await.unwrap();
}

#[tokio::test]
async fn binary_rejects_unknown_options() {
    let output = Command::new(env!("CARGO_BIN_EXE_okta-sim"))
        .arg("--bogus")
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown option --bogus"));
    let output = Command::new(env!("CARGO_BIN_EXE_okta-sim"))
        .args(["--listen", "0.0.0.0:0"])
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a loopback address"));
}
