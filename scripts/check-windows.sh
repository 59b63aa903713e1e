#!/usr/bin/env bash
# `make check-windows`: type-checks and lints the shell's Windows-only code (src-tauri/src/
# sleep_windows.rs) for x86_64-pc-windows-gnu, which needs only the target's std from rustup:
# the whole app cannot be checked for Windows here (SQLCipher's C and OpenSSL need a Windows
# toolchain). The module is compiled in a scratch crate under target/, beside stubs of the two
# things it uses from the shell and the core (the app's state, `session::AutoLock`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=$ROOT/target/check-windows
TARGET=x86_64-pc-windows-gnu
rustup target list --installed | grep -qx $TARGET || rustup target add $TARGET
# The features the shell asks of windows-sys, read from its Cargo.toml.
features=$(sed -n '/^windows-sys = /,/\] }/p' "$ROOT/src-tauri/Cargo.toml" | grep -o '"Win32_[A-Za-z_]*"' | paste -sd, -)
mkdir -p "$DIR/core/src" "$DIR/app/src"
cat >"$DIR/Cargo.toml" <<'TOML'
[workspace]
resolver = "3"
members = ["core", "app"]
TOML
cat >"$DIR/core/Cargo.toml" <<'TOML'
[package]
name = "visitdesk-core"
version = "0.0.0"
edition = "2024"
TOML
cat >"$DIR/core/src/lib.rs" <<'RS'
pub mod session {
    #[derive(Debug, Clone, Copy)]
    pub enum AutoLock {
        Suspend,
        ScreenLock,
    }
}
RS
cat >"$DIR/app/Cargo.toml" <<TOML
[package]
name = "check-windows"
version = "0.0.0"
edition = "2024"
[lints.rust]
unsafe_code = "deny"
[dependencies]
visitdesk-core = { path = "../core" }
windows-sys = { version = "0.61", features = [$features] }
TOML
cat >"$DIR/app/src/lib.rs" <<RS
mod state {
    pub struct AppState;
    impl AppState {
        pub fn lock_for(&self, _: visitdesk_core::session::AutoLock) -> Result<(), ()> {
            Ok(())
        }
    }
    pub type Shared = std::sync::Arc<AppState>;
}
#[path = "$ROOT/src-tauri/src/sleep_windows.rs"]
pub mod sleep_windows;
RS
cd "$DIR"
CARGO_TARGET_DIR=$DIR/target cargo clippy --quiet --target $TARGET -- -D warnings
echo "check-windows: src-tauri/src/sleep_windows.rs type-checks and lints clean for $TARGET"
