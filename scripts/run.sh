#!/usr/bin/env bash
# Installs what is missing, builds MedVault and starts the desktop app on the
# default vault (or the one in $MEDVAULT_DIR). Usage: ./scripts/run.sh [--vault DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_apt "${APT_BUILD[@]}"
ensure_rust
ensure_node
ensure_ui_packages
build_ui
step "Building the app (release)"
cargo build --release --locked -p medvault-app -p medvault-cli
step "Starting MedVault"
exec target/release/medvault-app "$@"
