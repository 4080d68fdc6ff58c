#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite: UI type check and
# unit tests, Rust format, lint, unit and integration tests, and the
# end-to-end tests in a real app window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_apt "${APT_BUILD[@]}" "${APT_TEST[@]}"
ensure_rust
ensure_node
ensure_ui_packages
ensure_tauri_driver

step "UI: type check and unit tests"
(cd ui && npm run check && npm test)
build_ui

step "Rust: format and lint"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust: unit and integration tests"
cargo test --workspace --locked

step "End-to-end: the real app window under Xvfb"
cargo build --locked -p medvault-app -p medvault-cli
export MEDVAULT_SCREENSHOTS="${MEDVAULT_SCREENSHOTS:-$PWD/target/e2e-screenshots/$(date +%Y%m%d-%H%M%S)}"
# WebKitGTK needs no rendering overrides under Xvfb; WEBKIT_DISABLE_COMPOSITING_MODE
# or WEBKIT_DISABLE_DMABUF_RENDERER make WebDriver screenshots hang.
unset WEBKIT_DISABLE_COMPOSITING_MODE WEBKIT_DISABLE_DMABUF_RENDERER
if [ -n "${DISPLAY:-}" ]; then
  timeout 900 npm --prefix ui run e2e
else
  timeout 900 xvfb-run -a -s "-screen 0 1280x900x24" npm --prefix ui run e2e
fi
echo "screenshots of this run: $MEDVAULT_SCREENSHOTS"
