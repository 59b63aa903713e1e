# Visitdesk. `make run` starts the desktop app; `make test` runs every check CI runs.
# Each target installs what it needs first (scripts/setup.sh), so both work on a fresh machine.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

CARGO ?= cargo
NPM ?= npm
# In CI (CI=true) a committed Cargo.lock must already be up to date.
CARGO_LOCKED := $(if $(and $(filter true 1,$(CI)),$(wildcard Cargo.lock)),--locked)

# The built UI. The Tauri crate embeds ui/dist at compile time (tauri.conf.json: frontendDist),
# so everything that compiles src-tauri depends on it.
UI_DIST := ui/dist/index.html
UI_INPUTS := $(shell find ui/src -type f) ui/index.html ui/package-lock.json ui/vite.config.ts \
	ui/svelte.config.js ui/tsconfig.json ui/tsconfig.app.json

.PHONY: check-windows package package-test package-test-deep setup-package fuzz help run test test-shell e2e setup-e2e lint ui app bindings fixtures fmt-check clippy test-rust test-deep check-ui test-ui deps \
	setup-run setup-test setup-node clean bench app-figures holidays

help:
	@echo 'make run        build the UI and the desktop app, then start it'
	@echo 'make test       everything CI checks: formatting, clippy, Rust tests, UI type check and tests'
	@echo 'make e2e        build the app and run the end-to-end flows in a real window (Xvfb + WebDriver)'
	@echo 'make test-shell the desktop shell'\''s own unit tests (src-tauri/src)'
	@echo 'make lint       formatting, clippy and the UI type check only'
	@echo 'make deps       dependency licences, bans and sources (cargo deny) and npm audit of the UI'
	@echo 'make ui         build the UI into ui/dist'
	@echo 'make app        build the desktop app (target/debug/visitdesk-app)'
	@echo 'make bindings   regenerate the TypeScript types of the IPC from the Rust types (ui/src/lib/backend/bindings)'
	@echo 'make fixtures   regenerate the core answers (JSON) the UI component tests use (ui/src/lib/backend/fixtures)'
	@echo 'make fuzz       fuzz the CSV and spreadsheet importers (cargo-fuzz, nightly), FUZZ_SECONDS each (600)'
	@echo 'make bench      the performance figures over a large demo store, as JSON (also bench/latest.json)'
	@echo 'make app-figures  the release app in a real window: launch, idle memory, month switches (bench/app_figures.json)'
	@echo 'make package    the .deb to install (app, visitdesk CLI, desktop entry, Depends): target/release/bundle/deb/'
	@echo 'make package-test  the .deb on a fresh Debian root (debootstrap): install, first launch, upgrade, purge'
	@echo 'make package-test-deep  the same from a release build of the old version, with Recommends, on bookworm and trixie'
	@echo 'make check-windows  type-check and lint the Windows-only code (the lock on sleep) for Windows'
	@echo 'make holidays   regenerate the shipped holiday schedules (core/src/calendar/holidays_cn.csv) from PyPI chinese-calendar'
	@echo 'make clean      remove build output (target/, ui/dist)'

# --- entry points ---------------------------------------------------------------------------

run: setup-run $(UI_DIST)
	$(CARGO) run $(CARGO_LOCKED) -p visitdesk-app

# Quick checks first, the long Rust builds last; the end-to-end flows share one build of the app.
test: setup-test fmt-check deps check-ui test-ui clippy test-rust test-shell test-net e2e package-test

lint: setup-test fmt-check check-ui clippy

ui: $(UI_DIST)

app: $(UI_DIST) | setup-run
	$(CARGO) build $(CARGO_LOCKED) -p visitdesk-app

# The types that cross IPC, generated from the Rust types with ts-rs. They are committed; `cargo
# test` fails while they are stale (visitdesk_core::bindings). ui/src/lib/backend/types.ts, which
# re-exports them one line each, is written by hand.
bindings: | setup-test
	$(CARGO) run $(CARGO_LOCKED) -q -p visitdesk-core --example bindings -- ui/src/lib/backend/bindings

# What the core answers on a small demo store, as JSON for the UI's fake backend and component
# tests. Committed like the bindings; `cargo test` fails while they are stale
# (visitdesk_core::ui_fixtures), and this rewrites them.
fixtures: | setup-test
	VISITDESK_WRITE_FIXTURES=1 $(CARGO) test $(CARGO_LOCKED) -q -p visitdesk-core --lib ui_fixtures

# The shell's Windows-only code, type-checked and linted for Windows (scripts/check-windows.sh).
check-windows:
	scripts/check-windows.sh

# The State Council's holiday schedules the core ships, generated from PyPI's chinese-calendar
# (pinned) in a virtualenv under target/; see scripts/holidays_cn.py.
HOLIDAYS_VENV := target/holidays-venv
holidays:
	python3 -m venv $(HOLIDAYS_VENV)
	$(HOLIDAYS_VENV)/bin/pip install -q chinese-calendar==1.11.0
	$(HOLIDAYS_VENV)/bin/python scripts/holidays_cn.py

# The import parsers under libFuzzer, one target after the other (they share the machine's
# cores). Seeds are committed in fuzz/seeds; the growing corpus and any crash stay in fuzz/.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := import_csv import_xlsx
fuzz:
	@scripts/setup.sh fuzz
	for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$t && cp -n fuzz/seeds/$$t/* fuzz/corpus/$$t/; \
		$(CARGO) +nightly fuzz run $$t fuzz/corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 || exit 1; \
	done

# --- steps ----------------------------------------------------------------------------------

$(UI_DIST): $(UI_INPUTS) | setup-node
	cd ui && $(NPM) run build

fmt-check: | setup-test
	$(CARGO) fmt --all -- --check

# --workspace includes the Tauri shell, which the default members leave out.
clippy: $(UI_DIST) | setup-test
	$(CARGO) clippy $(CARGO_LOCKED) --workspace --all-targets -- -D warnings

# The default members: core, cli and the story tests (no webkit needed).
test-rust: | setup-test
	$(CARGO) test $(CARGO_LOCKED)

# The property tests at depth, beyond the few cases `make test` runs in CI: three laptops
# converging (team::tests::convergence) over 500 random histories, about 3 minutes.
test-deep: | setup-test
	VISITDESK_TEAM_CASES=500 $(CARGO) test $(CARGO_LOCKED) -p visitdesk-core --lib team::tests::convergence

# The Tauri shell's own unit tests (src-tauri/src): its state, guard and command list.
test-shell: $(UI_DIST) | setup-test
	$(CARGO) test $(CARGO_LOCKED) -p visitdesk-app

# Direct sync's discovery by mDNS between two network namespaces the test makes (root and
# iproute2; it prints SKIPPED and why where the machine cannot make them).
test-net: | setup-test
	$(CARGO) build $(CARGO_LOCKED) -p visitdesk-cli
	tests/net/discovery.sh $(TARGET_DIR)/debug/visitdesk

# The real app in a real window under Xvfb, driven through WebDriver (tauri-driver +
# WebKitWebDriver); screenshots land in target/e2e-shots/.
e2e: app | setup-e2e
	$(CARGO) build $(CARGO_LOCKED) -p visitdesk-cli
	python3 -m pytest tests/e2e -q -p no:cacheprovider

# The dependencies: licences, bans and sources of every crate (deny.toml), and the npm advisories
# of what the UI ships. RustSec advisories need github.com (see deny.toml); `make deps
# ADVISORIES=1` adds them where it is reachable.
deps: | setup-test setup-node
	$(CARGO) deny $(CARGO_LOCKED) check licenses bans sources $(if $(ADVISORIES),advisories)
	scripts/npm-audit.sh

check-ui: | setup-node
	cd ui && $(NPM) run check

test-ui: | setup-node
	cd ui && $(NPM) test

# The .deb a school's IT office installs: the app, the `visitdesk` CLI in /usr/bin, the desktop
# entry 访企拓岗工作台 with its icons, and the Depends apt resolves (src-tauri/tauri.conf.json,
# bundle.linux.deb), made by the Tauri bundler of ui/'s pinned @tauri-apps/cli.
package: $(UI_DIST) | setup-run
	$(CARGO) build $(CARGO_LOCKED) --release -p visitdesk-cli
	cd src-tauri && CARGO_TARGET_DIR=$(TARGET_DIR) ../ui/node_modules/.bin/tauri build --bundles deb $(call deb_cli,release)
	@ls -l $(DEB)

# The package on a fresh Debian root (tests/package/fresh_root.sh): apt-get install resolves its
# Depends, the CLI inits a store, the app starts on the first-run screen, an upgrade from the old
# release keeps its store (migrations run, the same visits, unlocked in the app), remove and purge
# keep every store. CI bounds it: both packages are made from debug builds, which reuse the
# dependencies the tests compiled (a release build from cold adds about 15 minutes); `make
# package-test-deep` tests the release packages, installed with their Recommends, on bookworm and
# trixie.
VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -1)
TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),target))
DEB := $(TARGET_DIR)/release/bundle/deb/Visitdesk_$(VERSION)_amd64.deb
DEBUG_DEB := $(TARGET_DIR)/debug/bundle/deb/Visitdesk_$(VERSION)_amd64.deb
# The CLI the package carries, from the build of PROFILE (release, debug) in the target folder.
deb_cli = --config '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/visitdesk":"$(TARGET_DIR)/$(1)/visitdesk"}}}}}'
# v0.1.0: the last landing before attachments (schema 12).
OLD_RELEASE := 08f509dc8fe7cbae3574348f32917281665f701d
OLD_DEB := target/package-old/visitdesk-0.1.0.deb
package-test: $(UI_DIST) | setup-package
	$(CARGO) build $(CARGO_LOCKED) -p visitdesk-cli
	cd src-tauri && CARGO_TARGET_DIR=$(TARGET_DIR) ../ui/node_modules/.bin/tauri build --debug --bundles deb $(call deb_cli,debug)
	tests/package/old_package.sh $(OLD_RELEASE) debug $(OLD_DEB)
	tests/package/fresh_root.sh --deb $(DEBUG_DEB) --old $(OLD_DEB)

package-test-deep: package | setup-package
	tests/package/old_package.sh $(OLD_RELEASE) release $(OLD_DEB)
	for suite in bookworm trixie; do \
		tests/package/fresh_root.sh --suite $$suite --recommends --deb $(DEB) --old $(OLD_DEB) || exit 1; \
	done

# The figures of issue 8 over a `demo --size large` store (made once per seed and core version
# under target/bench/, about 2 minutes), and the release binaries' sizes; see scripts/bench.sh
# and bench/src/lib.rs.
bench: $(UI_DIST)
	@scripts/setup.sh bench
	$(CARGO) build $(CARGO_LOCKED) --release -p visitdesk-cli -p visitdesk-bench -p visitdesk-app
	scripts/bench.sh

# The release app in a real window (bench/app_figures.py): launch to the unlock screen, idle
# memory beside a bare WebKitGTK window's, the calendar's month switches; on the campus demo
# and on the large store `make bench` made (run that first for the large store's figures).
app-figures: $(UI_DIST) | setup-e2e
	@scripts/setup.sh bench
	$(CARGO) build $(CARGO_LOCKED) --release -p visitdesk-cli -p visitdesk-app
	python3 bench/app_figures.py $(TARGET_DIR)/release/visitdesk-app $(TARGET_DIR)/release/visitdesk > bench/app_figures.json

# --- set-up (fast when nothing is missing) --------------------------------------------------

setup-run:
	@scripts/setup.sh run

setup-e2e:
	@scripts/setup.sh e2e

setup-package:
	@scripts/setup.sh package

setup-test:
	@scripts/setup.sh test

setup-node:
	@scripts/setup.sh node

clean:
	$(CARGO) clean
	rm -rf ui/dist
