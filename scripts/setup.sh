#!/usr/bin/env bash
# Installs whatever is missing to build Aerial Desk, and with --test whatever the tests need.
# Safe to run again: each step checks first and does nothing when the tool is already there.
# Usage: scripts/setup.sh [--test]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
for_tests=false
[[ "${1:-}" == "--test" ]] && for_tests=true

say() { printf '==> %s\n' "$*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
  # The WebKitGTK headers bring GTK, libsoup and the rest the Rust build links against.
  local wanted=(libwebkit2gtk-4.1-dev build-essential pkg-config libdbus-1-dev curl file)
  if $for_tests; then
    wanted+=(xvfb xauth xdotool x11-utils webkit2gtk-driver gnome-keyring dbus keyutils imagemagick procps bsdutils util-linux jq)
  fi
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ((${#missing[@]})); then
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

check_node() {
  if ! command -v node >/dev/null; then
    echo "Node.js 20.19 or newer is needed; install it from your package manager or nodejs.org, then run this again." >&2
    exit 1
  fi
  local version
  version=$(node -p 'process.versions.node')
  if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)'; then
    echo "Node.js $version is too old: Vite needs 20.19 or newer. Update Node.js, then run this again." >&2
    exit 1
  fi
}

install_npm_packages() {
  local folder=$1
  # npm ci is skipped when node_modules already matches the lock file.
  if [[ ! -f "$folder/node_modules/.package-lock.json" || "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]]; then
    say "Installing npm packages in ${folder#"$root"/}"
    (cd "$folder" && npm ci --no-audit --no-fund)
  fi
}

install_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    say "Installing tauri-driver"
    cargo install tauri-driver --locked --version '^2'
  fi
}

if [[ "$(uname -s)" == "Linux" ]] && command -v apt-get >/dev/null; then
  install_debian_packages
fi
if ! command -v cargo >/dev/null; then
  echo "Rust is needed; install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
check_node
install_npm_packages "$root/ui"
if $for_tests; then
  install_npm_packages "$root/tests/e2e"
  install_tauri_driver
fi
