#!/usr/bin/env bash
# `make bench`: makes (or reuses) a `demo --size large` store, times whole CLI processes with
# /usr/bin/time -v, runs the harness (target/release/visitdesk-bench) and prints one JSON object
# of figures, also written to bench/latest.json. Expects the release binaries built.
#
#   BENCH_SIZE=large  BENCH_SEED=1  BENCH_RUNS=100   (the defaults)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SIZE=${BENCH_SIZE:-large}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-100}
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release
WORK=$ROOT/target/bench
# The demo data is dated from this "now": mid-campaign (2022-03-01 to 2022-08-31).
export VISITDESK_NOW=2022-06-15T02:00:00Z
export VISITDESK_PASSPHRASE='visitdesk benchmark passphrase'
# The store depends on the code that writes it, so it is keyed by the seed and a hash of the
# core's sources (validation, the write path, search tokens, the demo generator). Migrations
# are left out of the hash: a new one upgrades the kept store as it would a user's.
CODE=$(find src-tauri/crates/core/src -type f -name '*.rs' -not -path '*/store/migrations*' -print0 | sort -z |
  xargs -0 cat | sha256sum | cut -c1-12)
STORE=$WORK/$SIZE-seed$SEED-$CODE
TIMES=$WORK/times
mkdir -p "$WORK" "$TIMES"

timed() { # NAME COMMAND...: runs COMMAND under /usr/bin/time -v into $TIMES/NAME
  local name=$1
  shift
  /usr/bin/time -v -o "$TIMES/$name" "$@" >/dev/null
}

if [[ ! -f $STORE/.complete ]]; then
  # An older store (another seed or code version) or one left half-made goes.
  find "$WORK" -maxdepth 1 -name "$SIZE-seed*" -exec rm -rf {} +
  echo "bench: making the $SIZE demo store (seed $SEED) in $STORE" >&2
  "$BIN/visitdesk" --store "$STORE" init --school 示例职业技术学院 --name 王书记 --role secretary \
    --from 2022-03-01 --to 2022-08-31 >/dev/null
  timed cli_demo "$BIN/visitdesk" --store "$STORE" demo --size "$SIZE" --seed "$SEED"
  touch "$STORE/.complete"
fi

# Opening the store runs the migrations it lacks (once; later opens find nothing to do).
"$BIN/visitdesk" --store "$STORE" progress >/dev/null

# Whole processes on a copy (the CLI's unlock writes its failure count into the store folder).
rm -rf "$WORK/cli-store" && cp -r "$STORE" "$WORK/cli-store"
timed cli_search "$BIN/visitdesk" --store "$WORK/cli-store" --json search 华为
timed cli_progress "$BIN/visitdesk" --store "$WORK/cli-store" --json progress
# Attaching a 200 MB file in a process of its own, after the unlock (whose key derivation takes
# 128 MiB and would hide it): its peak memory above the process's just before (issue 18: ≤ 64 MB).
rm -f "$TIMES"/cli_attach*  # figures an earlier version of this script timed as processes
head -c 209715200 /dev/urandom >"$WORK/big.pdf"
ATTACH_PEAK=$("$BIN/visitdesk-bench" --store "$WORK/cli-store" --scratch "$WORK/scratch" --now "$VISITDESK_NOW" \
  --attach-peak "$WORK/big.pdf")
rm -rf "$WORK/cli-store" "$WORK/big.pdf"

processes=()
for f in "$TIMES"/cli_*; do
  # The demo's time is kept from the run that made the store.
  processes+=(--process "$(basename "$f")=$f")
done
"$BIN/visitdesk-bench" --store "$STORE" --scratch "$WORK/scratch" --now "$VISITDESK_NOW" --runs "$RUNS" \
  "${processes[@]}" --attach-peak-mib "$ATTACH_PEAK" --binary "app=$BIN/visitdesk-app" --binary "cli=$BIN/visitdesk" --note "size=$SIZE" --note "seed=$SEED" --note "code=$CODE" \
  --note "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src-tauri bench || echo +changes)" \
  --note "load_average_before=$(cut -d' ' -f1-3 /proc/loadavg)" --out bench/latest.json
rm -rf "$WORK/scratch"
