#!/usr/bin/env bash
# Installs whatever is missing, then runs every check and test of Aerial Desk: formatting, clippy,
# the binding drift check, the Rust tests (including the keychain in four situations), the UI
# typecheck, lint and unit tests, and the end-to-end tests in a real window.
# Ends with one line "N passed, N failed" and exits non-zero if anything failed.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh" --test || { echo "0 passed, 1 failed"; exit 1; }

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/aerial-desk/target}
export CARGO_TERM_COLOR=never
app_features=(--features aerial-desk/custom-protocol)
results=${AERIAL_DESK_TEST_RESULTS:-$(mktemp -d /tmp/aerial-desk-tests.XXXXXX)}
mkdir -p "$results"

passed=0
failed=0
failures=()

# Runs a check that counts as one test.
check() {
  local name=$1
  shift
  printf '\n==> %s\n' "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

# Runs cargo test and counts the tests it reports; a run that ran no test counts as a failure.
cargo_tests() {
  local name=$1 log="$results/cargo-$((passed + failed + ${#failures[@]}))-$RANDOM.log"
  shift
  printf '\n==> %s\n' "$name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local counts
  counts=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) } } END { print p + 0, f + 0 }' "$log")
  local run_passed=${counts% *} run_failed=${counts#* }
  passed=$((passed + run_passed))
  failed=$((failed + run_failed))
  if [[ $status -ne 0 && $run_failed -eq 0 ]] || [[ $((run_passed + run_failed)) -eq 0 ]]; then
    failed=$((failed + 1))
  fi
  if [[ $status -ne 0 || $((run_passed + run_failed)) -eq 0 ]]; then failures+=("$name"); fi
}

# Counts the tests in Vitest JSON reports.
vitest_counts() {
  local name=$1
  shift
  local counts
  counts=$(node -e '
    let passed = 0, failed = 0;
    for (const file of process.argv.slice(1)) {
      try {
        const report = JSON.parse(require("fs").readFileSync(file, "utf8"));
        passed += report.numPassedTests;
        failed += report.numFailedTests + (report.numTotalTests === 0 ? 1 : 0);
        // Unhandled errors fail the run without failing a test.
        if (report.success === false && report.numFailedTests === 0) failed += 1;
      } catch { failed += 1; }
    }
    console.log(passed, failed);' "$@")
  local run_passed=${counts% *} run_failed=${counts#* }
  passed=$((passed + run_passed))
  failed=$((failed + run_failed))
  if ((run_failed > 0)); then failures+=("$name"); fi
}

check "UI build" bash -c "cd ui && npm run build"
check "rustfmt" cargo fmt --all -- --check
check "clippy" cargo clippy --workspace --all-targets "${app_features[@]}" -- -D warnings
cargo_tests "binding drift check" cargo test "${app_features[@]}" --test app committed_bindings
cargo_tests "Rust tests" cargo test --workspace "${app_features[@]}" -- --skip committed_bindings

keychain_tests() {
  local situation=$1 filter=$2
  cargo_tests "keychain: $situation" scripts/with-keychain.sh "$situation" \
    cargo test "${app_features[@]}" -p desk -p aerial-desk --test keychain --test profiles_keychain --test app \
    -- --ignored "$filter"
}
keychain_tests available available_store
keychain_tests available check_keychain_reports
keychain_tests available demo_path_changes
keychain_tests available parent_token_is_deleted
keychain_tests no-password-store missing_provider
keychain_tests no-password-store check_keychain_error
keychain_tests locked locked_store
keychain_tests no-session-bus missing_session_bus
cargo_tests "aerial CLI end to end" scripts/with-keychain.sh available \
  cargo test -p aerial-cli --test cli_keychain -- --ignored

check "UI typecheck" bash -c "cd ui && npm run check"
check "UI lint" bash -c "cd ui && npm run lint"
printf '\n==> UI unit tests\n'
(cd ui && node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$results/ui-vitest.json")
vitest_counts "UI unit tests" "$results/ui-vitest.json"
check "E2E typecheck" bash -c "cd tests/e2e && node_modules/.bin/tsc -p ."

printf '\n==> End-to-end tests in a real window\n'
scripts/e2e.sh "$CARGO_TARGET_DIR/debug/aerial-desk" "$results/e2e"
vitest_counts "end-to-end tests" "$results/e2e/e2e-available.json" "$results/e2e/e2e-no-password-store.json"

printf '\nTest logs and E2E screenshots: %s\n' "$results"
if ((${#failures[@]})); then
  printf 'Failed: %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
