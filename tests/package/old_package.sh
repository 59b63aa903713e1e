#!/usr/bin/env bash
# The package of an older release, for the upgrade test (fresh_root.sh --old):
#
#   tests/package/old_package.sh COMMIT PROFILE OUT.deb
#
# COMMIT's tree (git archive, so the checkout is untouched) is built as it was: its UI, its CLI
# and its app, with the packaging of today (tauri.conf.json's `bundle`, src-tauri/packaging/),
# since the release it stands for predates `make package`. PROFILE is `release`, or `debug` to
# reuse the dependencies the tests have already built (CI). It shares target/ with the checkout:
# its crates carry an older version, so cargo keeps their builds apart from today's.
set -euo pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COMMIT=$1
PROFILE=$2
OUT=$3
case $PROFILE in
  release) cargo_profile=(--release) tauri_profile=() ;;
  debug) cargo_profile=() tauri_profile=(--debug) ;;
  *) echo "old_package: PROFILE is release or debug, not $PROFILE" >&2; exit 2 ;;
esac

if ! git -C "$PROJECT" cat-file -e "$COMMIT^{commit}" 2>/dev/null; then
  echo "old_package: commit $COMMIT is not in this clone; fetching the full history" >&2
  git -C "$PROJECT" fetch --quiet --unshallow 2>/dev/null || git -C "$PROJECT" fetch --quiet origin "$COMMIT"
fi

SRC=$PROJECT/target/package-old/src
rm -rf "$SRC"
mkdir -p "$SRC"
# Extracted with today's times (-m): cargo tells builds apart by crate name and version, not by
# folder, so files dated from the commit would let it take an earlier build of the checkout at
# that version for this one.
git -C "$PROJECT" archive "$COMMIT" | tar -x -m -C "$SRC"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$SRC/Cargo.toml" | head -1)
today=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$PROJECT/Cargo.toml" | head -1)
[[ $version != "$today" ]] || { echo "old_package: $COMMIT has today's version $version" >&2; exit 1; }

export CARGO_TARGET_DIR=$(realpath -m "${CARGO_TARGET_DIR:-$PROJECT/target}")
cp -r "$PROJECT/src-tauri/packaging" "$SRC/src-tauri/"
python3 - "$PROJECT/src-tauri" "$SRC/src-tauri/tauri.conf.json" "$CARGO_TARGET_DIR/$PROFILE/visitdesk" <<'EOF'
import json, os, sys
today, old, cli = sys.argv[1:]
bundle = json.load(open(os.path.join(today, "tauri.conf.json")))["bundle"]
bundle["icon"] = [os.path.normpath(os.path.join(today, p)) for p in bundle["icon"]]
bundle["linux"]["deb"]["files"] = {"/usr/bin/visitdesk": cli}
conf = json.load(open(old))
conf["bundle"] = bundle
json.dump(conf, open(old, "w"), ensure_ascii=False, indent=2)
EOF

(cd "$SRC/ui" && npm ci --no-audit --no-fund --loglevel=error && npm run build >/dev/null)
(cd "$SRC" && cargo build --locked "${cargo_profile[@]}" -p visitdesk-cli)
(cd "$SRC/src-tauri" && "$PROJECT/ui/node_modules/.bin/tauri" build "${tauri_profile[@]}" --bundles deb)
mkdir -p "$(dirname "$OUT")"
cp "$CARGO_TARGET_DIR/$PROFILE/bundle/deb/Visitdesk_${version}_amd64.deb" "$OUT"
echo "old_package: $OUT ($version, $COMMIT, $PROFILE)"
