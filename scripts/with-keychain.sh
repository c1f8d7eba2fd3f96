#!/usr/bin/env bash
# Runs a command in one of four keychain situations, each in its own private D-Bus session:
#   available          gnome-keyring running, unlocked with a throwaway password
#   locked             gnome-keyring running with nothing unlocked
#   no-password-store  a session bus with no Secret Service on it
#   no-session-bus     no D-Bus session at all
# Usage: scripts/with-keychain.sh SITUATION COMMAND [ARG...]
# The command sees AERIAL_DESK_KEYCHAIN_ENV=SITUATION and a temporary XDG_DATA_HOME and
# XDG_CONFIG_HOME, so profiles, the journal and logs from earlier runs never leak into a test.
set -euo pipefail

situation=${1:?usage: with-keychain.sh available|locked|no-password-store|no-session-bus COMMAND...}
shift
here=$(cd "$(dirname "$0")" && pwd)

case "$situation" in
  available | locked | no-password-store)
    exec dbus-run-session --config-file="$here/dbus-session.conf" -- \
      "$here/with-keychain.sh" "inside-bus-$situation" "$@"
    ;;
  no-session-bus)
    runtime=$(mktemp -d)
    trap 'rm -rf "$runtime"' EXIT
    env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY XDG_RUNTIME_DIR="$runtime" \
      XDG_DATA_HOME="$runtime/data" XDG_CONFIG_HOME="$runtime/config" \
      AERIAL_DESK_KEYCHAIN_ENV=no-session-bus "$@"
    ;;
  inside-bus-*)
    situation=${situation#inside-bus-}
    data=$(mktemp -d)
    config=$(mktemp -d)
    keyring_pid=""
    cleanup() {
      if [[ -n "$keyring_pid" ]]; then kill "$keyring_pid" 2>/dev/null || true; fi
      rm -rf "$data" "$config"
    }
    trap cleanup EXIT
    export XDG_DATA_HOME="$data" XDG_CONFIG_HOME="$config" AERIAL_DESK_KEYCHAIN_ENV="$situation"
    case "$situation" in
      available) keyring_env=$(printf 'throwaway-test-password' | gnome-keyring-daemon --unlock --components=secrets) ;;
      locked) keyring_env=$(gnome-keyring-daemon --start --components=secrets) ;;
      *) keyring_env="" ;;
    esac
    if [[ -n "$keyring_env" ]]; then
      while IFS= read -r line; do export "${line?}"; done <<<"$keyring_env"
      keyring_pid=$(pgrep -n -f "gnome-keyring-daemon.*--components=secrets" || true)
    fi
    "$@"
    ;;
  *)
    echo "unknown keychain situation '$situation'; use available, locked, no-password-store or no-session-bus" >&2
    exit 2
    ;;
esac
