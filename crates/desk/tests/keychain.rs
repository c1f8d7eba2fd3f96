//! Keychain tests against the real OS store. Each test needs a particular environment, which
//! scripts/test.sh sets up (a private D-Bus session with or without an unlocked gnome-keyring), so
//! they are ignored by a plain `cargo test` and run by name with `--ignored`. Each one first checks
//! that `AERIAL_DESK_KEYCHAIN_ENV` names its environment, so running it in the wrong one fails
//! instead of passing by accident.

use desk::{Keychain, KeychainProblem, Secret};

fn require_environment(expected: &str) {
    let actual = std::env::var("AERIAL_DESK_KEYCHAIN_ENV").unwrap_or_default();
    assert_eq!(
        actual, expected,
        "this test must run in the '{expected}' keychain environment set up by scripts/test.sh"
    );
}

fn test_keychain() -> Keychain {
    Keychain::with_service(format!("aerial-desk-test-{}", std::process::id()))
}

#[tokio::test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
async fn available_store_round_trips_a_secret() {
    require_environment("available");
    let keychain = test_keychain();

    keychain
        .set("round-trip", Secret::new(b"private key bytes".to_vec()))
        .await
        .expect("write succeeds");
    let read = keychain.get("round-trip").await.expect("read succeeds");
    keychain
        .delete("round-trip")
        .await
        .expect("delete succeeds");

    assert_eq!(
        read.as_ref().map(|secret| secret.expose().as_slice()),
        Some(&b"private key bytes"[..])
    );
    assert!(
        keychain.get("round-trip").await.unwrap().is_none(),
        "deleted entry is gone"
    );
}

#[tokio::test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
async fn available_store_reports_missing_as_not_set() {
    require_environment("available");
    let keychain = test_keychain();

    let read = keychain.get("never-written").await.expect("read succeeds");

    assert!(read.is_none());
}

#[tokio::test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
async fn available_store_deletes_missing_entry() {
    require_environment("available");
    let keychain = test_keychain();

    keychain
        .delete("never-written")
        .await
        .expect("first delete succeeds");
    keychain
        .delete("never-written")
        .await
        .expect("second delete succeeds");
}

#[tokio::test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
async fn available_store_keeps_services_apart() {
    require_environment("available");
    let release =
        Keychain::with_service(format!("aerial-desk-test-release-{}", std::process::id()));
    let development =
        Keychain::with_service(format!("aerial-desk-test-dev-{}", std::process::id()));

    release
        .set("shared-name", Secret::new(b"release".to_vec()))
        .await
        .unwrap();
    let seen_by_development = development.get("shared-name").await.unwrap();
    release.delete("shared-name").await.unwrap();

    assert!(
        seen_by_development.is_none(),
        "another service name must not see the entry"
    );
}

#[tokio::test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
async fn available_store_serializes_concurrent_writes() {
    require_environment("available");
    let keychain = test_keychain();

    let writes = (0..8).map(|index| {
        let keychain = keychain.clone();
        tokio::spawn(async move {
            let key = format!("concurrent-{index}");
            keychain.set(&key, Secret::new(vec![index; 64])).await?;
            let read = keychain.get(&key).await?;
            keychain.delete(&key).await?;
            Ok::<_, desk::KeychainError>(read.map(|secret| secret.expose().clone()))
        })
    });
    let results = futures_join_all(writes).await;

    for (index, result) in results.into_iter().enumerate() {
        let read = result
            .expect("task finished")
            .expect("keychain calls succeed");
        assert_eq!(read, Some(vec![index as u8; 64]), "entry {index} read back");
    }
}

#[tokio::test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
async fn available_store_passes_the_probe() {
    require_environment("available");

    let status = test_keychain().probe().await;

    assert!(status.error.is_none(), "probe failed: {:?}", status.error);
}

#[tokio::test]
#[ignore = "needs a D-Bus session without a Secret Service; run by scripts/test.sh"]
async fn missing_provider_is_reported_in_plain_words() {
    require_environment("no-password-store");

    let error = test_keychain().probe().await.error.expect("probe fails");

    assert_eq!(error.problem, KeychainProblem::NoPasswordStore);
    assert_eq!(
        format!("{} {}", error.message, error.fix),
        "No password store is running. Start GNOME Keyring or KWallet, then try again."
    );
}

#[tokio::test]
#[ignore = "needs a Secret Service with nothing unlocked; run by scripts/test.sh"]
async fn locked_store_is_reported_as_locked() {
    require_environment("locked");

    let error = test_keychain().probe().await.error.expect("probe fails");

    assert_eq!(error.problem, KeychainProblem::Locked);
    assert_eq!(error.message, "The password store is locked.");
}

#[tokio::test]
#[ignore = "needs a process without a D-Bus session; run by scripts/test.sh"]
async fn missing_session_bus_is_reported() {
    require_environment("no-session-bus");

    let error = test_keychain().probe().await.error.expect("probe fails");

    assert_eq!(error.problem, KeychainProblem::NoSessionBus);
    assert!(
        error.message.starts_with("No D-Bus session is running"),
        "{}",
        error.message
    );
}

#[tokio::test]
#[ignore = "needs a Secret Service with nothing unlocked; run by scripts/test.sh"]
async fn locked_store_never_falls_back_to_memory() {
    require_environment("locked");
    let keychain = test_keychain();

    let write = keychain
        .set("fallback-check", Secret::new(b"x".to_vec()))
        .await;
    let read = keychain.get("fallback-check").await;

    assert!(
        write.is_err(),
        "a write to a locked store must fail, not land elsewhere"
    );
    assert!(
        read.is_err(),
        "a read from a locked store must fail, not return a cached value"
    );
}

async fn futures_join_all<T>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<Result<T, tokio::task::JoinError>> {
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await);
    }
    results
}
