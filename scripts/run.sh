#!/usr/bin/env bash
# Installs whatever is missing, then starts Aerial Desk in development mode.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/aerial-desk/target}
cd "$root"
exec ui/node_modules/.bin/tauri dev
