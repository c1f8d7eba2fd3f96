#!/usr/bin/env bash
# End-to-end tests of the real app window: Xvfb, a private D-Bus session per keychain situation,
# tauri-driver with WebKitWebDriver, and WebdriverIO driving the window.
# Usage: scripts/e2e.sh BINARY RESULTS_FOLDER [FILE_FILTER...]
# FILE_FILTER narrows the run to the test files whose names contain it, such as "demo".
# Writes one Vitest JSON report per situation and the screenshots into RESULTS_FOLDER.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)

# Prints N distinct free loopback ports, one per line. They are picked while all N sockets are
# open, so two calls can never return the same port.
free_ports() {
  python3 -c '
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in sockets))
for s in sockets:
    s.close()' "$1"
}

wait_until() {
  local what=$1 seconds=$2
  shift 2
  for ((i = 0; i < seconds * 10; i++)); do
    if "$@" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "$what did not start within $seconds seconds" >&2
  return 1
}

# Runs inside with-keychain.sh: starts tauri-driver, runs the E2E files, stops the driver by PID.
run_situation() {
  local binary=$1 results=$2 situation=$3
  shift 3
  local port native_port driver_pid dark_port dark_native_port dark_pid status=0
  local ports
  mapfile -t ports < <(free_ports 4)
  port=${ports[0]}
  native_port=${ports[1]}
  dark_port=${ports[2]}
  dark_native_port=${ports[3]}
  tauri-driver --port "$port" --native-port "$native_port" --native-driver "$(command -v WebKitWebDriver)" \
    >"$results/tauri-driver-$situation.log" 2>&1 &
  driver_pid=$!
  wait_until "tauri-driver" 30 curl -sf --max-time 1 "http://127.0.0.1:$port/status" -o /dev/null || {
    kill "$driver_pid" 2>/dev/null || true
    return 1
  }
  # A second driver whose app windows get GTK's dark theme, which WebKitGTK reports to the page
  # as prefers-color-scheme: dark, as the OS setting would.
  GTK_THEME=Adwaita:dark tauri-driver --port "$dark_port" --native-port "$dark_native_port" \
    --native-driver "$(command -v WebKitWebDriver)" >"$results/tauri-driver-$situation-dark.log" 2>&1 &
  dark_pid=$!
  wait_until "tauri-driver (dark theme)" 30 curl -sf --max-time 1 "http://127.0.0.1:$dark_port/status" -o /dev/null || {
    kill "$driver_pid" "$dark_pid" 2>/dev/null || true
    return 1
  }

  (cd "$root/tests/e2e" &&
    AERIAL_DESK_E2E_CASE=$situation TAURI_DRIVER_PORT=$port TAURI_DRIVER_DARK_PORT=$dark_port \
      AERIAL_DESK_BINARY=$binary \
      AERIAL_DESK_SCREENSHOTS="$results/screenshots" \
      node_modules/.bin/vitest run --reporter=default --reporter=json \
      --outputFile.json="$results/e2e-$situation.json" "$@") || status=$?

  kill "$driver_pid" "$dark_pid" 2>/dev/null || true
  wait "$driver_pid" "$dark_pid" 2>/dev/null || true
  return "$status"
}

if [[ "${1:-}" == "--situation" ]]; then
  shift
  run_situation "$@"
  exit
fi

binary=${1:?usage: e2e.sh BINARY RESULTS_FOLDER}
results=${2:?usage: e2e.sh BINARY RESULTS_FOLDER}
shift 2
mkdir -p "$results/screenshots"
echo "E2E screenshots are saved in $results/screenshots"

display_number=99
while [[ -e "/tmp/.X11-unix/X$display_number" || -e "/tmp/.X$display_number-lock" ]]; do
  display_number=$((display_number + 1))
done
Xvfb ":$display_number" -screen 0 1280x800x24 -nolisten tcp >"$results/xvfb.log" 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true' EXIT
wait_until "Xvfb" 30 test -e "/tmp/.X11-unix/X$display_number"
export DISPLAY=":$display_number"

status=0
for situation in available no-password-store; do
  "$root/scripts/with-keychain.sh" "$situation" "$0" --situation "$binary" "$results" "$situation" "$@" || status=1
done
exit "$status"
