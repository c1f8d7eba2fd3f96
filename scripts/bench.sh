#!/usr/bin/env bash
# Startup benchmark: Aerial Desk beside a bare Tauri 2 page built by this script in the same run.
# Both are release builds measured under Xvfb, 5 runs each: time from process start to the first
# IPC command, time to the first screen rendered (for Aerial Desk, the welcome screen with the
# keychain status), PSS summed over the app and its WebKit processes 3 s after start, and the
# .deb size. Then Aerial Desk starts as many times with a configured account: a profile made with
# the release `aerial` CLI against a standalone okta-sim on loopback. The app opens the session and
# shows the orgs screen. That part records the first IPC command, the orgs table's first rows with
# data, and PSS after 3 s. Last, scripts/bench-orgs.sh measures the orgs table with 10,000 orgs
# with the same binaries. Prints Markdown tables for docs/benchmarks.md.
# Usage: scripts/bench.sh [RUNS]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/aerial-desk/target}
work=$(mktemp -d /tmp/aerial-desk-bench.XXXXXX)
tauri="$root/ui/node_modules/.bin/tauri"

"$root/scripts/setup.sh" --test >&2

build_app() {
  echo "==> Building Aerial Desk (release, .deb)" >&2
  (cd "$root" && "$tauri" build --bundles deb >&2)
}

# A minimal Tauri 2 app: one page that calls a command as soon as its script runs, and a second
# one on the next animation frame, when the page has been painted.
build_sim_and_cli() {
  echo "==> Building okta-sim and the aerial CLI (release)" >&2
  (cd "$root" && cargo build --release -p okta-sim -p aerial-cli --bin okta-sim --bin aerial >&2)
}

build_bare() {
  echo "==> Building the bare Tauri 2 page (release, .deb)" >&2
  local bare="$work/bare"
  mkdir -p "$bare/src" "$bare/dist" "$bare/capabilities"
  cp "$root/Cargo.lock" "$bare/Cargo.lock"
  cp -r "$root/icons" "$bare/icons"
  cat >"$bare/Cargo.toml" <<'TOML'
[package]
name = "bare-tauri-page"
version = "0.1.0"
edition = "2024"

[build-dependencies]
tauri-build = { version = "2", features = [] }

[dependencies]
tauri = { version = "2", features = [] }

[features]
custom-protocol = ["tauri/custom-protocol"]

[profile.release]
codegen-units = 1
lto = true
strip = true
TOML
  printf 'fn main() {\n    tauri_build::build()\n}\n' >"$bare/build.rs"
  cat >"$bare/src/main.rs" <<'RUST'
use std::io::Write;

#[tauri::command]
fn mark(name: String) {
    if let Some(path) = std::env::var_os("AERIAL_DESK_BENCH_FILE") {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis();
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap();
        writeln!(file, "{name} {millis}").unwrap();
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![mark])
        .run(tauri::generate_context!())
        .expect("bare page runs");
}
RUST
  cat >"$bare/dist/index.html" <<'HTML'
<!doctype html>
<html><head><meta charset="UTF-8"><title>Bare</title></head>
<body><h1>Bare Tauri page</h1><script src="main.js"></script></body></html>
HTML
  cat >"$bare/dist/main.js" <<'JS'
const invoke = window.__TAURI_INTERNALS__.invoke;
invoke("mark", { name: "first_command" }).then(() =>
  requestAnimationFrame(() => invoke("mark", { name: "welcome_rendered" })));
JS
  cat >"$bare/capabilities/main.json" <<'JSON'
{ "identifier": "main", "windows": ["main"], "permissions": ["core:default"] }
JSON
  cat >"$bare/tauri.conf.json" <<'JSON'
{
  "productName": "bare-tauri-page",
  "identifier": "test.bare.tauri.page",
  "build": { "frontendDist": "dist" },
  "app": { "windows": [{ "label": "main", "title": "Bare", "width": 1120, "height": 760 }] },
  "bundle": { "active": true, "targets": ["deb"], "icon": ["icons/32x32.png", "icons/128x128.png"] }
}
JSON
  (cd "$bare" && "$tauri" build --bundles deb >&2)
}

pss_kib() {
  local pid=$1 total=0 child
  for child in $pid $(pgrep -P "$pid" || true); do
    if [[ $child != "$pid" ]]; then
      total=$((total + $(pss_kib "$child")))
      continue
    fi
    total=$((total + $(awk '/^Pss:/ { print $2 }' "/proc/$child/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# Prints "first_command_ms rendered_ms pss_kib" for one launch of BINARY, where rendered_ms is the
# time to MILESTONE (default welcome_rendered).
measure_once() {
  local binary=$1 milestone=${2:-welcome_rendered} marks="$work/marks-$RANDOM" start pid
  start=$(date +%s%3N)
  AERIAL_DESK_BENCH_FILE=$marks "$binary" >/dev/null 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q "$milestone" "$marks" 2>/dev/null && break
    sleep 0.1
  done
  local now
  now=$(date +%s%3N)
  if ((now - start < 3000)); then sleep "$(awk "BEGIN { print (3000 - ($now - $start)) / 1000 }")"; fi
  local pss
  pss=$(pss_kib "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  awk -v start="$start" -v pss="$pss" -v milestone="$milestone" '
    $1 == "first_command" { first = $2 - start }
    $1 == milestone { rendered = $2 - start }
    END { if (!first || !rendered) { print "missing milestones" > "/dev/stderr"; exit 1 } print first, rendered, pss }' "$marks"
}

# Runs inside one keychain session. Starts okta-sim with the demo account, and adds and activates a
# profile for it with the aerial CLI. Registers the profile's public key as a service app in the
# demo Aerial org. Then launches APP_BINARY RUNS times and prints one measure_once line per launch.
measure_with_account() {
  local runs=$1 app_binary=$2 sim_binary=$3 aerial_binary=$4 sim_pid port base client_id=0oabenchdesk0000001
  "$sim_binary" --listen 127.0.0.1:0 --demo --control >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  # Expanded now: the local variable is gone when the shell exits.
  trap "kill $sim_pid 2>/dev/null || true" EXIT
  for ((i = 0; i < 100; i++)); do
    port=$(sed -n 's|^okta-sim listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$work/sim.out")
    [[ -n $port ]] && break
    sleep 0.1
  done
  if [[ -z $port ]]; then
    echo "okta-sim did not print its address within 10 s; its log is in $work/sim.err" >&2
    return 1
  fi
  base="sim.localhost:$port"

  "$aerial_binary" profile add bench --environment custom \
    --aerial-service "http://aerial.$base" --aerial-org "http://northwind-aerial.$base" \
    --account-id 0227nwdemo8ulgt48bkidcd8ekq --client-id "$client_id" --json >"$work/profile.json"
  "$aerial_binary" profile use bench >/dev/null
  jq --arg client "$client_id" '{
      orgDomain: "northwind-aerial.sim.localhost", clientId: $client, applicationType: "service",
      tokenEndpointAuthMethod: "private_key_jwt", dpopRequired: false,
      grantedScopes: ["okta.accounts.read", "okta.accounts.manage"], jwks: [.publicJwk] }' \
    "$work/profile.json" >"$work/client.json"
  curl --silent --show-error --fail --resolve "aerial.$base:127.0.0.1" \
    -H 'Content-Type: application/json' --data @"$work/client.json" \
    "http://aerial.$base/__sim/clients" >/dev/null

  for ((run = 1; run <= runs; run++)); do
    measure_once "$app_binary" orgs_rendered
  done
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

summary() {
  local samples=$1
  echo "$(cut -d' ' -f1 "$samples" | median) $(cut -d' ' -f2 "$samples" | median) $(cut -d' ' -f3 "$samples" | median)"
}

build_app
build_bare
build_sim_and_cli
app_binary="$CARGO_TARGET_DIR/release/aerial-desk"
bare_binary="$CARGO_TARGET_DIR/release/bare-tauri-page"
sim_binary="$CARGO_TARGET_DIR/release/okta-sim"
aerial_binary="$CARGO_TARGET_DIR/release/aerial"
# Matched by file name: the folder path itself contains "aerial-desk".
app_deb=$(find "$CARGO_TARGET_DIR/release/bundle/deb" -maxdepth 1 -name 'Aerial Desk_*.deb' -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2-)
bare_deb=$(find "$CARGO_TARGET_DIR/release/bundle/deb" -maxdepth 1 -name 'bare-tauri-page_*.deb' -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2-)

display_number=99
while [[ -e "/tmp/.X11-unix/X$display_number" ]]; do display_number=$((display_number + 1)); done
Xvfb ":$display_number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=":$display_number"

# The two apps take turns, so a change in machine load during the run affects both alike.
echo "==> Measuring, $runs runs each" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/app.samples"
: >"$work/bare.samples"
for ((run = 1; run <= runs; run++)); do
  "$root/scripts/with-keychain.sh" available \
    bash -c "$(declare -f measure_once pss_kib); work=$work measure_once '$app_binary'" >>"$work/app.samples"
  measure_once "$bare_binary" >>"$work/bare.samples"
done
echo "==> Measuring Aerial Desk with a configured account, $runs runs" >&2
"$root/scripts/with-keychain.sh" available \
  bash -c "set -euo pipefail; $(declare -f measure_with_account measure_once pss_kib); work=$work measure_with_account $runs '$app_binary' '$sim_binary' '$aerial_binary'" >"$work/account.samples"
read -r app_first app_rendered app_pss < <(summary "$work/app.samples")
read -r account_first account_rendered account_pss < <(summary "$work/account.samples")
read -r bare_first bare_rendered bare_pss < <(summary "$work/bare.samples")
app_deb_size=$(stat -c %s "$app_deb")
bare_deb_size=$(stat -c %s "$bare_deb")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

cat <<TABLE
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(uname -sr), Xvfb, load average $load_before at the start; medians of $runs runs.

| Figure | Aerial Desk | Bare Tauri 2 page | Ratio |
|---|---|---|---|
| Process start to first IPC command | ${app_first} ms | ${bare_first} ms | $(ratio "$app_first" "$bare_first") |
| Process start to first screen rendered (welcome with keychain status) | ${app_rendered} ms | ${bare_rendered} ms | $(ratio "$app_rendered" "$bare_rendered") |
| PSS of all app processes after 3 s | $((app_pss / 1024)) MiB | $((bare_pss / 1024)) MiB | $(ratio "$app_pss" "$bare_pss") |
| .deb size | $(mib "$app_deb_size") | $(mib "$bare_deb_size") | $(ratio "$app_deb_size" "$bare_deb_size") |

With a configured account (profile against okta-sim on loopback, demo account), beside the same bare page figures:

| Figure | Aerial Desk with an account | Bare Tauri 2 page | Ratio |
|---|---|---|---|
| Process start to first IPC command | ${account_first} ms | ${bare_first} ms | $(ratio "$account_first" "$bare_first") |
| Process start to orgs screen showing data (bare: its page rendered) | ${account_rendered} ms | ${bare_rendered} ms | $(ratio "$account_rendered" "$bare_rendered") |
| PSS of all app processes after 3 s | $((account_pss / 1024)) MiB | $((bare_pss / 1024)) MiB | $(ratio "$account_pss" "$bare_pss") |

Per-run samples (first command ms, rendered ms, PSS KiB):
- Aerial Desk, welcome: $(paste -sd';' "$work/app.samples")
- Aerial Desk with an account, orgs: $(paste -sd';' "$work/account.samples")
- Bare page: $(paste -sd';' "$work/bare.samples")
TABLE
rm -rf "$work"

echo "==> Measuring the orgs table with 10,000 orgs" >&2
echo
AERIAL_DESK_BENCH_BINARIES="$CARGO_TARGET_DIR/release" "$root/scripts/bench-orgs.sh" "$runs"
