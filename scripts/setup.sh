#!/usr/bin/env bash
# Installs what building, running and testing Visitdesk needs — only what is missing.
#
#   scripts/setup.sh run    system packages to build and run the desktop app, and the UI's npm packages
#   scripts/setup.sh test   what `run` installs, plus rustfmt, clippy and the tools the tests use
#                           (Xvfb, WebKitWebDriver, poppler-utils, qpdf, ImageMagick, CJK fonts, and
#                           Python openpyxl and icalendar, which read the exported workbook and calendars)
#   scripts/setup.sh node   only the UI's npm packages (`npm ci` in ui/)
#   scripts/setup.sh rust   only the rustfmt and clippy components
#   scripts/setup.sh e2e    what `test` installs, plus xdotool, tauri-driver and the Python WebDriver client
#   scripts/setup.sh fuzz   the nightly toolchain and cargo-fuzz
#   scripts/setup.sh bench  what `run` needs (the app's size is a figure), and GNU time (`make bench`)
#   scripts/setup.sh package what `e2e` installs, plus debootstrap (`make package-test`)
#
# Made for Debian/Ubuntu; runs as root (CI) or through sudo. Rust (cargo) and Node.js >= 20.19
# must already be there. Stamps under target/setup/ (and ui/node_modules/) make a run that has
# nothing to do take a few milliseconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STAMPS=$ROOT/target/setup
NODE_MIN=20.19

# Tauri 2 on Linux: WebKitGTK 4.1 (pulls in GTK 3, libsoup 3), plus the tray/icon/xdo libraries.
APT_RUN=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev pkg-config xdg-utils
)
# Tests: a headless display, WebDriver for the real app, PDF/image checks, fonts for reports.
APT_TEST=(xvfb webkit2gtk-driver poppler-utils qpdf imagemagick fonts-noto-cjk iproute2)
# End-to-end flows: xdotool types into the native file dialogs (GTK) like a person would.
APT_E2E=(xdotool)

log() { printf 'setup: %s\n' "$*" >&2; }
die() {
  log "$*"
  exit 1
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "need root or sudo to run: $*"
  fi
}

# version_ge A B: true when version A >= version B.
version_ge() { printf '%s\n%s\n' "$2" "$1" | sort -V -C; }

# apt_packages NAME PKG...: installs the PKGs that are not installed yet. The stamp NAME remembers
# the list and is trusted while dpkg's database has not changed since it was written.
apt_packages() {
  local name=$1
  shift
  local stamp=$STAMPS/apt-$name key="$*"
  if [[ -f $stamp && $(<"$stamp") == "$key" && $stamp -nt /var/lib/dpkg/status ]]; then
    return
  fi
  command -v dpkg-query >/dev/null || die "no dpkg here (not Debian/Ubuntu?): install by hand: $*"

  local -A installed=()
  local pkg status
  while read -r pkg status; do
    [[ $status == installed ]] && installed[$pkg]=1
  done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true)
  local missing=()
  for pkg; do
    [[ -n ${installed[$pkg]:-} ]] || missing+=("$pkg")
  done

  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q)
    as_root "${apt[@]}" update
    as_root "${apt[@]}" install -y --no-install-recommends "${missing[@]}"
  fi
  mkdir -p "$STAMPS"
  printf '%s\n' "$key" >"$stamp"
}

rust_components() {
  command -v cargo >/dev/null || die "cargo not found: install Rust first (https://rustup.rs)"
  local missing=()
  cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
  cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
  if ((${#missing[@]})); then
    command -v rustup >/dev/null || die "Rust components ${missing[*]} are missing and there is no rustup to add them"
    log "adding Rust components ${missing[*]}"
    rustup component add "${missing[@]}"
  fi
}

# npm ci in ui/ when ui/node_modules is missing or older than ui/package-lock.json.
# The stamp lives inside node_modules, so it goes away with it.
node_packages() {
  local stamp=$ROOT/ui/node_modules/.visitdesk-setup
  if [[ -f $stamp && $stamp -nt $ROOT/ui/package-lock.json ]]; then
    return
  fi
  command -v node >/dev/null && command -v npm >/dev/null || die "Node.js >= $NODE_MIN with npm is needed"
  local version
  version=$(node -p process.versions.node)
  version_ge "$version" "$NODE_MIN" || die "Node.js $version is too old: the UI's tools need >= $NODE_MIN"
  log "installing the UI's npm packages (npm ci)"
  (cd "$ROOT/ui" && npm ci --no-audit --no-fund)
  touch "$stamp"
}

# tauri-driver (crates.io) speaks WebDriver to the app through Debian's WebKitWebDriver.
tauri_driver() {
  command -v tauri-driver >/dev/null || [[ -x $HOME/.cargo/bin/tauri-driver ]] && return
  log "installing tauri-driver"
  cargo install tauri-driver --locked --quiet
}

# cargo-deny (crates.io) checks the dependencies' licences, bans and sources (`make deps`).
# Built from source: about 4 min of CPU (23 min wall on a busy 2-core machine), once.
cargo_deny() {
  command -v cargo-deny >/dev/null || [[ -x $HOME/.cargo/bin/cargo-deny ]] && return
  log "installing cargo-deny"
  cargo install cargo-deny --locked --quiet
}

# The end-to-end tests are pytest + Selenium (PyPI).
python_packages() {
  python3 -c 'import selenium, pytest' 2>/dev/null && return
  log "installing selenium and pytest"
  python3 -m pip install --quiet --disable-pip-version-check selenium pytest
}

# The exchange story tests read the exported workbook and calendars with real readers (PyPI).
python_readers() {
  python3 -c 'import openpyxl, icalendar' 2>/dev/null && return
  log "installing openpyxl and icalendar"
  python3 -m pip install --quiet --disable-pip-version-check openpyxl icalendar
}

# make fuzz: libFuzzer needs nightly Rust and cargo-fuzz.
fuzz_tools() {
  command -v rustup >/dev/null || die "rustup is needed to add the nightly toolchain"
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  command -v cargo-fuzz >/dev/null || [[ -x $HOME/.cargo/bin/cargo-fuzz ]] || cargo install cargo-fuzz --locked --quiet
}

main() {
  (($#)) || set -- run
  local what
  for what; do
    case $what in
      run)
        apt_packages run "${APT_RUN[@]}"
        node_packages
        ;;
      test)
        apt_packages run "${APT_RUN[@]}"
        apt_packages test "${APT_TEST[@]}"
        rust_components
        node_packages
        cargo_deny
        python_readers
        ;;
      e2e)
        apt_packages run "${APT_RUN[@]}"
        apt_packages test "${APT_TEST[@]}"
        apt_packages e2e "${APT_E2E[@]}"
        node_packages
        tauri_driver
        python_packages
        python_readers
        ;;
      package)
        main e2e
        apt_packages package debootstrap
        ;;
      fuzz) fuzz_tools ;;
      bench)
        apt_packages run "${APT_RUN[@]}"
        # time: the CLI's peak memory; python3-gi: the bare WebKitGTK window of app-figures.
        apt_packages bench time python3-gi gir1.2-webkit2-4.1
        ;;
      node) node_packages ;;
      rust) rust_components ;;
      *) die "unknown set-up '$what' (expected run, test, e2e, package, fuzz, bench, node or rust)" ;;
    esac
  done
}

main "$@"
