# Shared by scripts/run.sh and scripts/test.sh: install what is missing.
# Each ensure_* function is idempotent and quick when nothing is missing.

APT_BUILD=(libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev libssl-dev build-essential pkg-config curl)
# For the test suite: a virtual display, the WebKit WebDriver, and what the
# shared page renderer needs to make realistic scanned pages. xfonts-base is
# only recommended by xvfb, and Xvfb wants its fixed font.
APT_TEST=(xvfb xauth xfonts-base webkit2gtk-driver python3-pil python3-xlib python3-numpy fonts-dejavu fonts-liberation)

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    step "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    # Only what the packages need: their recommended packages (GStreamer
    # plugins, VA drivers, spell checkers, ...) would double the install.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    step "Installing Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
    . "$HOME/.cargo/env"
  fi
}

ensure_node() {
  local v
  v=$(node --version 2>/dev/null | sed 's/^v//') || true
  if [ -z "$v" ] || [ "$(printf '%s\n' 20.19.0 "$v" | sort -V | head -1)" != 20.19.0 ]; then
    echo "MedVault's UI build needs Node.js 20.19 or newer (found: ${v:-none})." >&2
    echo "Install it from your distribution or nodejs.org, then run this again." >&2
    exit 1
  fi
}

ensure_ui_packages() {
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    step "Installing UI packages (npm ci)"
    (cd ui && npm ci --no-fund --no-audit)
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    step "Installing tauri-driver"
    cargo install tauri-driver --locked
  fi
}

build_ui() {
  step "Building the UI"
  (cd ui && npm run build)
}
