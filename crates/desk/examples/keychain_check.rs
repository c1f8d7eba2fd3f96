//! Prints the keychain probe's result, to check the error classification on a real machine.

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let status = desk::Keychain::with_service("aerial-desk-check")
        .probe()
        .await;
    match status.error {
        None => println!("available: {}", status.store),
        Some(error) => println!(
            "{:?}: {} {} ({})",
            error.problem, error.message, error.fix, error.detail
        ),
    }
}
