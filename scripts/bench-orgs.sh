#!/usr/bin/env bash
# Orgs table benchmark in the real window: Aerial Desk (release build, WebKitGTK under Xvfb) with
# a profile made by the release `aerial` CLI against a standalone okta-sim on loopback, seeded with
# one account and 10,000 linked orgs. Each of RUNS rounds has two parts:
#   1. A plain launch, as scripts/bench.sh does. It records the time from process start to the
#      first IPC command, to the profile opened and to all orgs received (both from the app's log),
#      and to the orgs table's first rows painted (the app's `orgs_rendered` milestone). Then PSS
#      and RSS, summed over the app and its WebKit processes 2 s after the rows were painted.
#   2. A WebDriver session (tauri-driver, WebKitWebDriver) that runs
#      tests/e2e/bench/orgs-window.measure.ts. It times the loading inside the page, then real
#      keystrokes in Search from keydown to the second animation frame after the input event, and
#      jumps to the bottom and top of the table. Last, it times the table's string work as plain
#      JavaScript, and counts String.prototype.toLowerCase calls and Array.prototype.sort work
#      per keystroke.
# Prints Markdown for docs/benchmarks.md.
# Usage: scripts/bench-orgs.sh [RUNS]
# With AERIAL_DESK_BENCH_BINARIES=DIR, it uses aerial-desk, okta-sim and aerial from DIR and
# builds nothing. AERIAL_DESK_BENCH_DISPLAY sets the first Xvfb display number tried (default 78),
# and AERIAL_DESK_BENCH_SAMPLES=DIR keeps the per-round samples in DIR.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
org_count=10000
account_id=0227benchmark0000000000000
aerial_org=bench-aerial.sim.localhost
client_id=0oabenchorgs0000001

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Writes an okta-sim seed: one sandbox account whose Aerial org and COUNT - 1 more orgs are linked.
# Names, domains, cells, statuses and creation dates follow ui/src/testing/orgs.ts, so the figures
# compare with the happy-dom benchmark, which types the same search. Org IDs are the indexes
# shuffled as i * 7919 mod COUNT, a permutation because 7919 is prime and does not divide 10,000.
# okta-sim, like Okta, lists orgs in ID order, so the table receives them in an order unrelated to
# the names it sorts by, as it would for a real account.
write_seed() {
  local count=$1 path=$2
  jq -n --argjson count "$count" --arg account "$account_id" --arg aerial "$aerial_org" '
    ["P000052", "P000131", "P000139", "P001113"] as $products
    | def org_id($i): ($i * 7919 % $count | tostring) as $n | "00o" + ("0" * (17 - ($n | length))) + $n;
    {
        products: [$products[] | { id: ., name: "Product \(.)" }],
        accounts: [{ id: $account, name: "Benchmark Account", accountType: "SANDBOX",
                     aerialOrgId: org_id(0), products: $products }],
        orgs: [range(0; $count) as $i | {
          id: org_id($i),
          name: (if $i == 0 then "Benchmark Aerial"
                 else "Org " + ("0" * (5 - ($i | tostring | length))) + ($i | tostring) end),
          domain: (if $i == 0 then $aerial else "org-\($i).sim.localhost" end),
          cell: (if $i % 2 == 0 then "ok1" else "ok2" end),
          status: (if $i % 5 == 0 and $i > 0 then "INACTIVE" else "ACTIVE" end),
          accountId: $account,
          linked: true,
          createdDate: "2024-0\($i % 9 + 1)-15T10:00:00.000Z"
        }],
        clients: []
      }' >"$path"
}

# Starts okta-sim on the seed, then adds and activates a profile with the aerial CLI and registers
# its public key as a service app in the Aerial org. Sets sim_pid.
start_sim_with_profile() {
  local sim_binary=$1 aerial_binary=$2 port base
  "$sim_binary" --listen 127.0.0.1:0 --seed "$work/seed.json" --control >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  # Expanded now: sim_pid changes if this runs again.
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
    --aerial-service "http://aerial.$base" --aerial-org "http://bench-aerial.$base" \
    --account-id "$account_id" --client-id "$client_id" --json >"$work/profile.json"
  "$aerial_binary" profile use bench >/dev/null
  jq --arg client "$client_id" --arg org "$aerial_org" '{
      orgDomain: $org, clientId: $client, applicationType: "service",
      tokenEndpointAuthMethod: "private_key_jwt", dpopRequired: false,
      grantedScopes: ["okta.accounts.read", "okta.accounts.manage"], jwks: [.publicJwk] }' \
    "$work/profile.json" >"$work/client.json"
  curl --silent --show-error --fail --resolve "aerial.$base:127.0.0.1" \
    -H 'Content-Type: application/json' --data @"$work/client.json" \
    "http://aerial.$base/__sim/clients" >/dev/null
}

# Sums a field of /proc/PID/smaps_rollup (Pss, Rss) in KiB over PID and its descendants.
memory_kib() {
  local field=$1 pid=$2 total child
  total=$(awk -v field="$field:" '$1 == field { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
  for child in $(pgrep -P "$pid" || true); do
    total=$((total + $(memory_kib "$field" "$child")))
  done
  echo "${total:-0}"
}

# Prints the epoch milliseconds of the last app log line containing MESSAGE.
log_time_ms() {
  local message=$1 line
  line=$(find "$XDG_DATA_HOME" -name 'aerial-desk*.log' -exec grep -h -- "$message" {} + | tail -1)
  if [[ -z $line ]]; then
    echo "the app log has no line '$message'" >&2
    return 1
  fi
  date -u -d "${line%% *}" +%s%3N
}

# Launches the app once without WebDriver and prints "first_command profile_opened orgs_loaded
# orgs_rendered pss_kib rss_kib", the times in milliseconds since process start.
launch_once() {
  local app_binary=$1 marks="$work/marks-$RANDOM" start pid rendered=""
  start=$(date +%s%3N)
  AERIAL_DESK_BENCH_FILE=$marks "$app_binary" >/dev/null 2>&1 &
  pid=$!
  for ((i = 0; i < 1200; i++)); do
    rendered=$(awk '$1 == "orgs_rendered" { print $2 }' "$marks" 2>/dev/null || true)
    [[ -n $rendered ]] && break
    sleep 0.1
  done
  if [[ -z $rendered ]]; then
    kill "$pid" 2>/dev/null || true
    echo "the orgs table showed no rows within 120 s" >&2
    return 1
  fi
  sleep 2
  local pss rss first opened loaded
  pss=$(memory_kib Pss "$pid")
  rss=$(memory_kib Rss "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  first=$(awk '$1 == "first_command" { print $2 }' "$marks")
  opened=$(log_time_ms "profile opened")
  loaded=$(log_time_ms "orgs loaded count=$org_count")
  echo "$((first - start)) $((opened - start)) $((loaded - start)) $((rendered - start)) $pss $rss"
}

# Runs one WebDriver session through tauri-driver on PORT and appends its samples to RESULTS.
measure_window() {
  local app_binary=$1 port=$2 results=$3
  (cd "$root/tests/e2e" &&
    TAURI_DRIVER_PORT=$port AERIAL_DESK_BINARY=$app_binary AERIAL_DESK_BENCH_RESULTS=$results \
      AERIAL_DESK_BENCH_ORGS=$org_count \
      node_modules/.bin/vitest run --config bench/vitest.config.ts >>"$work/vitest.log" 2>&1) || {
    echo "the window measurement failed; its output is in $work/vitest.log" >&2
    return 1
  }
}

# Runs inside with-keychain.sh: seeds okta-sim, makes the profile, starts tauri-driver, then runs
# the rounds. Writes launch.samples and window-N.json into the work folder.
measure_inside() {
  local runs=$1 app_binary=$2 sim_binary=$3 aerial_binary=$4 driver_pid port native_port
  write_seed "$org_count" "$work/seed.json"
  start_sim_with_profile "$sim_binary" "$aerial_binary"
  port=$(free_port)
  native_port=$(free_port)
  # The kernel may hand out the same free port twice in a row.
  while [[ $native_port == "$port" ]]; do native_port=$(free_port); done
  tauri-driver --port "$port" --native-port "$native_port" --native-driver "$(command -v WebKitWebDriver)" \
    >"$work/tauri-driver.log" 2>&1 &
  driver_pid=$!
  # Expanded now: the local variables are gone when the shell exits.
  trap "kill $driver_pid $sim_pid 2>/dev/null || true" EXIT
  local ready=false
  for ((i = 0; i < 300; i++)); do
    if curl -sf --max-time 1 "http://127.0.0.1:$port/status" -o /dev/null; then
      ready=true
      break
    fi
    sleep 0.1
  done
  if ! $ready; then
    echo "tauri-driver did not respond on port $port within 30 s; its log is in $work/tauri-driver.log" >&2
    return 1
  fi

  : >"$work/launch.samples"
  for ((run = 1; run <= runs; run++)); do
    echo "==> Round $run of $runs" >&2
    launch_once "$app_binary" >>"$work/launch.samples"
    measure_window "$app_binary" "$port" "$work/window-$run.json"
  done
}

# Reads numbers, one per line, and prints "median min max" rounded to whole numbers.
stats() {
  sort -n | awk '{ a[NR] = $1 } END {
    median = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf "%.0f %.0f %.0f\n", median, a[1], a[NR] }'
}

# Prints "median of the per-round medians, lowest and highest per-round median" for column
# COLUMN (1-based) of launch.samples, divided by DIVISOR.
launch_figure() {
  local column=$1 divisor=${2:-1}
  awk -v column="$column" -v divisor="$divisor" '{ print $column / divisor }' "$work/launch.samples" | stats
}

# Prints one number per round: the median (or max with AGGREGATE=max) of FIELD over the
# keystrokes of PHASE ("type", "delete" or "any").
keystroke_per_round() {
  local field=$1 aggregate=$2 phase=$3 file
  for file in "$work"/window-*.json; do
    jq --arg field "$field" --arg aggregate "$aggregate" --arg phase "$phase" '
      [.keystrokes[] | select($phase == "any" or .phase == $phase) | .[$field] | select(. != null)]
      | sort
      | if $aggregate == "max" then .[-1]
        elif length % 2 == 1 then .[(length - 1) / 2]
        else (.[length / 2 - 1] + .[length / 2]) / 2 end' "$file"
  done
}

# Prints one number per round: FIELD of keystroke INDEX in LIST (keystrokes or profile).
keystroke_by_index() {
  local list=$1 index=$2 field=$3 file
  for file in "$work"/window-*.json; do
    jq --arg list "$list" --argjson index "$index" --arg field "$field" '.[$list][$index][$field] // empty' "$file"
  done
}

# Prints one number per round: the median (or max with AGGREGATE=max) interval between animation
# frames while the page changed nothing.
idle_frames_per_round() {
  local aggregate=$1 file
  for file in "$work"/window-*.json; do
    jq --arg aggregate "$aggregate" '.idleFrameIntervals | sort
      | if $aggregate == "max" then .[-1]
        elif length % 2 == 1 then .[(length - 1) / 2]
        else (.[length / 2 - 1] + .[length / 2]) / 2 end' "$file"
  done
}

# Prints one number per round: loading milestone FIELD in ms after the page's navigation start.
loading_per_round() {
  local field=$1 file
  for file in "$work"/window-*.json; do
    jq ".loading.$field // empty" "$file"
  done
}

# Prints one number per round: FIELD of the timed string work with lowered keys.
keyed_work_per_round() {
  local field=$1 file
  for file in "$work"/window-*.json; do
    jq ".keyedWork.$field // empty" "$file"
  done
}

scroll_per_round() {
  local to=$1 field=$2 file
  for file in "$work"/window-*.json; do
    jq --arg to "$to" --arg field "$field" '.scrolls[] | select(.to == $to) | .[$field]' "$file"
  done
}

# Prints "index, key label, search text after the key, orgs count" for each keystroke of LIST in
# the first round, separated by the unit separator (0x1f) because the search text may be empty.
per_key() {
  local list=$1 index=0 typed="" key count label
  while IFS=$'\t' read -r key count; do
    if [[ $key == Backspace ]]; then typed=${typed%?}; else typed+=$key; fi
    label=$key
    [[ $key == " " ]] && label=Space
    printf '%s\x1f%s\x1f%s\x1f%s\n' "$index" "$label" "$typed" "$count"
    index=$((index + 1))
  done < <(jq -r --arg list "$list" '.[$list][] | [.key, .count // ""] | @tsv' "$work/window-1.json")
}

# Formats "median min max" as "median ms (min to max)".
cell() {
  local median min max
  read -r median min max
  echo "$median ms ($min to $max)"
}

report() {
  local runs=$1 load_before=$2 load_after
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  cat <<TABLE
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(uname -sr), Xvfb; load average $load_before at the start and $load_after at the end. $runs rounds; each cell gives the median over the rounds and, in brackets, the lowest and highest round.

| From process start to | Time |
|---|---|
| First IPC command | $(launch_figure 1 | cell) |
| Profile opened (app log) | $(launch_figure 2 | cell) |
| All $org_count orgs received by the app (app log, before IPC to the page) | $(launch_figure 3 | cell) |
| Orgs table's first rows painted, with all $org_count orgs in the table | $(launch_figure 4 | cell) |

The same launch in the WebDriver session, timed inside the page from its navigation start (the page watched from $(loading_per_round observedFrom | stats | cut -d' ' -f1) ms on):

| From navigation start to | Time |
|---|---|
| Orgs screen's spinner shown | $(loading_per_round spinnerShown | stats | cell) |
| First page counted ("$(jq -r '.loading.firstProgressText // "none"' "$work/window-1.json")") | $(loading_per_round firstProgress | stats | cell) |
| First rows in the DOM | $(loading_per_round rowsInDom | stats | cell) |
| Next frame after them (two animation frames) | $(loading_per_round rowsPainted | stats | cell) |

| Memory 2 s after the first rows were painted, app and WebKit processes | Size |
|---|---|
| PSS | $(launch_figure 5 1024 | awk '{ printf "%s MiB (%s to %s)", $1, $2, $3 }') |
| RSS | $(launch_figure 6 1024 | awk '{ printf "%s MiB (%s to %s)", $1, $2, $3 }') |

| Per filter keystroke in Search (typing "Org 01234", then 9 Backspaces) | Median keystroke | Slowest keystroke |
|---|---|---|
| Keydown to input handled (filter, sort, DOM update) | $(keystroke_per_round scriptDoneMs median any | stats | cell) | $(keystroke_per_round scriptDoneMs max any | stats | cell) |
| Keydown to that frame's layout and paint done | $(keystroke_per_round frameDoneMs median any | stats | cell) | $(keystroke_per_round frameDoneMs max any | stats | cell) |
| Keydown to the next frame after it (two animation frames) | $(keystroke_per_round paintedMs median any | stats | cell) | $(keystroke_per_round paintedMs max any | stats | cell) |
| For comparison: interval between animation frames while nothing changes (60 frames) | $(idle_frames_per_round median | stats | cell) | $(idle_frames_per_round max | stats | cell) |

Per key, from keydown (median over the rounds, lowest and highest round):

| Key | Search after it | Orgs shown | To input handled | To the next frame after it |
|---|---|---|---|---|
TABLE
  per_key keystrokes | while IFS=$'\x1f' read -r index label typed count; do
    echo "| $label | \"$typed\" | ${count% of*} | $(keystroke_by_index keystrokes "$index" scriptDoneMs | stats | cell) | $(keystroke_by_index keystrokes "$index" paintedMs | stats | cell) |"
  done
  cat <<TABLE

The same keys again with String.prototype.toLowerCase and Array.prototype.sort wrapped with counters (medians over the rounds; the wrappers slow the page, so these times are not the figures above):

| Search after it | toLowerCase calls | Elements sorted | Time inside sort | To input handled |
|---|---|---|---|---|
TABLE
  per_key profile | while IFS=$'\x1f' read -r index label typed count; do
    echo "| \"$typed\" | $(keystroke_by_index profile "$index" lowerCaseCalls | stats | cut -d' ' -f1) | $(keystroke_by_index profile "$index" sortedElements | stats | cut -d' ' -f1) | $(keystroke_by_index profile "$index" sortMs | stats | cut -d' ' -f1) ms | $(keystroke_by_index profile "$index" scriptDoneMs | stats | cut -d' ' -f1) ms |"
  done
  cat <<TABLE

The string work of one keystroke as plain JavaScript in the page (search "Org 01234", $org_count orgs in ID order; TanStack's own overhead left out):

| Work | Lowercasing in every comparison or column, as today | On keys lowercased once per list |
|---|---|---|
| Sort by name | $(keyed_work_per_round sortLoweringEachCompare | stats | cell) | $(keyed_work_per_round sortOnLoweredKeys | stats | cell) |
| Search filter | $(keyed_work_per_round filterLoweringPerColumn | stats | cell) | $(keyed_work_per_round filterOnLoweredText | stats | cell) |

| Jump in the table | First rows of the new position in the DOM | Next frame after it |
|---|---|---|
| To the bottom (row $org_count) | $(scroll_per_round bottom domUpdatedMs | stats | cell) | $(scroll_per_round bottom paintedMs | stats | cell) |
| Back to the top | $(scroll_per_round top domUpdatedMs | stats | cell) | $(scroll_per_round top paintedMs | stats | cell) |

Per-round samples (first command, profile opened, orgs received, rows painted in ms; PSS and RSS in KiB):
$(sed 's/^/- /' "$work/launch.samples")
TABLE
}

if [[ "${1:-}" == "--inside" ]]; then
  work=$2
  measure_inside "$3" "$4" "$5" "$6"
  exit
fi

runs=${1:-5}
work=$(mktemp -d /tmp/aerial-desk-bench-orgs.XXXXXX)
if [[ -n "${AERIAL_DESK_BENCH_BINARIES:-}" ]]; then
  binaries=$AERIAL_DESK_BENCH_BINARIES
  for tool in tauri-driver WebKitWebDriver Xvfb jq curl python3; do
    command -v "$tool" >/dev/null || { echo "$tool is missing; run scripts/setup.sh --test" >&2; exit 1; }
  done
  [[ -x "$root/tests/e2e/node_modules/.bin/vitest" ]] || {
    echo "tests/e2e/node_modules is missing; run scripts/setup.sh --test" >&2
    exit 1
  }
else
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/aerial-desk/target}
  binaries="$CARGO_TARGET_DIR/release"
  "$root/scripts/setup.sh" --test >&2
  echo "==> Building Aerial Desk, okta-sim and the aerial CLI (release)" >&2
  (cd "$root" && ui/node_modules/.bin/tauri build --no-bundle >&2)
  (cd "$root" && cargo build --release -p okta-sim -p aerial-cli --bin okta-sim --bin aerial >&2)
fi
for binary in aerial-desk okta-sim aerial; do
  [[ -x "$binaries/$binary" ]] || { echo "$binaries/$binary is missing or not executable" >&2; exit 1; }
done

display_number=${AERIAL_DESK_BENCH_DISPLAY:-78}
while [[ -e "/tmp/.X11-unix/X$display_number" || -e "/tmp/.X$display_number-lock" ]]; do
  display_number=$((display_number + 1))
done
Xvfb ":$display_number" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
for ((i = 0; i < 100; i++)); do
  [[ -e "/tmp/.X11-unix/X$display_number" ]] && break
  sleep 0.1
done
export DISPLAY=":$display_number"

echo "==> Measuring the orgs table with $org_count orgs, $runs rounds" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$root/scripts/with-keychain.sh" available "$0" --inside "$work" "$runs" \
  "$binaries/aerial-desk" "$binaries/okta-sim" "$binaries/aerial"

report "$runs" "$load_before"
if [[ -n "${AERIAL_DESK_BENCH_SAMPLES:-}" ]]; then
  mkdir -p "$AERIAL_DESK_BENCH_SAMPLES"
  cp "$work"/launch.samples "$work"/window-*.json "$AERIAL_DESK_BENCH_SAMPLES/"
fi
rm -rf "$work"
