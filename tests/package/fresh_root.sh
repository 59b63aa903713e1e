#!/usr/bin/env bash
# The .deb on a fresh Debian system (issue 19): what a school's IT office does with it.
#
#   tests/package/fresh_root.sh --deb NEW.deb [--old OLD.deb] [--suite bookworm] [--recommends]
#
# In a Debian root made by debootstrap from the Debian packages (nothing of this machine's in it):
#   1. with --old: `apt-get install ./OLD.deb`, and a store made by the old release's CLI where the
#      app keeps it, filled with the demo data; the visits it holds are written down;
#   2. `apt-get install ./NEW.deb`, which resolves the Depends (or upgrades the old package);
#   3. `visitdesk --version`, `visitdesk init` of a new store, and a report set in the font the
#      package installs beside the program;
#   4. the upgraded store opens with the new CLI: its migrations run, `check` passes, and it holds
#      the same visits;
#   5. the app, started inside the root on this machine's Xvfb and driven through WebDriver
#      (first_launch.py): a person with no store sees the first-run screen (a screenshot is
#      kept); the upgraded person unlocks their store and sees the dashboard;
#   6. `apt-get remove`, then `apt-get purge`: both leave every store, and the purge says where
#      they are.
#
# The base root and the packages apt fetches are cached (VISITDESK_CACHE_DIR, by default
# ~/.cache/visitdesk/fresh-root), so a second run downloads only the package lists. Runs as root
# (debootstrap, mounts, chroot). Screenshots and logs land in target/fresh-root/.
set -euo pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SUITE=bookworm
NEW_DEB=
OLD_DEB=
RECOMMENDS=--no-install-recommends
while (($#)); do
  case $1 in
    --deb) NEW_DEB=$(realpath "$2"); shift 2 ;;
    --old) OLD_DEB=$(realpath "$2"); shift 2 ;;
    --suite) SUITE=$2; shift 2 ;;
    --recommends) RECOMMENDS=--install-recommends; shift ;;
    *) echo "fresh_root: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -f $NEW_DEB ]] || { echo "fresh_root: --deb NEW.deb is needed (make package)" >&2; exit 2; }
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "fresh_root: needs root or sudo (debootstrap, mount, chroot)" >&2; exit 2; }
  exec sudo --preserve-env=VISITDESK_CACHE_DIR,DEBIAN_MIRROR,HOME "$0" --deb "$NEW_DEB" ${OLD_DEB:+--old "$OLD_DEB"} \
    --suite "$SUITE" $([[ $RECOMMENDS == --install-recommends ]] && echo --recommends)
fi

MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${VISITDESK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/visitdesk}/fresh-root
OUT=$PROJECT/target/fresh-root
ROOT=$OUT/root-$SUITE
BASE=$CACHE/base-$SUITE.tar
ARCHIVES=$CACHE/archives-$SUITE
PASSPHRASE='correct horse battery'
PACKAGE=visitdesk
# The store the app opens for a person, under their home (src-tauri/src/state.rs: store_dir).
APP_STORE=.local/share/cn.visitdesk.desktop/store
mkdir -p "$CACHE" "$ARCHIVES/partial" "$OUT"

step() { printf '\n== [%3d s] %s\n' "$SECONDS" "$*"; }
fail() {
  printf 'fresh_root: FAILED: %s\n' "$*" >&2
  exit 1
}

# Everything mounted under the root, deepest first; nothing under it is removed while mounted.
unmount_all() {
  local m
  for m in $(findmnt -rn -o TARGET | grep -F "$ROOT/" | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}
XVFB_PID=
cleanup() {
  [[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null || true
  unmount_all
}
trap cleanup EXIT

fresh_root() {
  unmount_all
  if findmnt -rn -o TARGET | grep -qF "$ROOT/"; then
    fail "something is still mounted under $ROOT"
  fi
  rm -rf --one-file-system "$ROOT"
  if [[ ! -f $BASE ]]; then
    step "debootstrap $SUITE (minbase) from $MIRROR, cached as $BASE"
    command -v debootstrap >/dev/null || fail "debootstrap is not installed (scripts/setup.sh package)"
    local made=$OUT/base-$SUITE.making
    rm -rf --one-file-system "$made"
    debootstrap --variant=minbase "$SUITE" "$made" "$MIRROR" >"$OUT/debootstrap.log" 2>&1 \
      || { tail -20 "$OUT/debootstrap.log" >&2; fail "debootstrap"; }
    tar -C "$made" -cf "$BASE.part" . && mv "$BASE.part" "$BASE"
    rm -rf --one-file-system "$made"
  fi
  step "a fresh root from $BASE"
  mkdir -p "$ROOT"
  tar -C "$ROOT" -xf "$BASE"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  mount -t proc proc "$ROOT/proc"
  mount -t sysfs sys "$ROOT/sys"
  mount --rbind /dev "$ROOT/dev"
  mount --make-rslave "$ROOT/dev"
  # The X server's sockets, which the app in the root connects to (this machine's Xvfb).
  [[ -d /tmp/.X11-unix ]] || install -d -m 1777 /tmp/.X11-unix
  mkdir -p "$ROOT/tmp/.X11-unix"
  mount --bind /tmp/.X11-unix "$ROOT/tmp/.X11-unix"
  mount --bind "$ARCHIVES" "$ROOT/var/cache/apt/archives"
  # Two people: one upgraded from the old release, one who starts the app for the first time.
  in_root useradd -m -s /bin/sh dean
  in_root useradd -m -s /bin/sh newcomer
}

in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_user() {
  local user=$1
  shift
  chroot --userspec="$user:$user" "$ROOT" env -i HOME="/home/$user" PATH=/usr/bin:/bin LANG=C.UTF-8 \
    VISITDESK_PASSPHRASE="$PASSPHRASE" "$@"
}
apt_in_root() {
  in_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o APT::Keep-Downloaded-Packages=true "$@"
}
install_deb() {
  local deb=$1
  cp "$deb" "$ROOT/tmp/"
  apt_in_root install "$RECOMMENDS" "/tmp/$(basename "$deb")" >"$OUT/apt-install-$(basename "$deb").log" 2>&1 \
    || { tail -30 "$OUT/apt-install-$(basename "$deb").log" >&2; fail "apt-get install ./$(basename "$deb")"; }
  rm "$ROOT/tmp/$(basename "$deb")"
}
version_of() { dpkg-deb -f "$1" Version; }
# The visits a store holds, one id a line, sorted (the CLI's JSON list, read by Python here).
visit_ids() {
  as_user dean visitdesk --store "/home/dean/$APP_STORE" --json visit list \
    | python3 -c 'import json,sys; print("\n".join(sorted(v["visit"]["id"] for v in json.load(sys.stdin))))'
}

start=$SECONDS
fresh_root
step "apt-get update"
apt_in_root update >"$OUT/apt-update.log" 2>&1 || { tail -20 "$OUT/apt-update.log" >&2; fail "apt-get update"; }

if [[ -n $OLD_DEB ]]; then
  step "the old release $(version_of "$OLD_DEB"): apt-get install ./$(basename "$OLD_DEB")"
  install_deb "$OLD_DEB"
  as_user dean mkdir -p "/home/dean/$(dirname "$APP_STORE")"
  as_user dean visitdesk --store "/home/dean/$APP_STORE" init --school 示例大学 --name 王院长 --role president \
    --from 2026-09-01 --to 2027-06-30 >/dev/null || fail "the old CLI's init"
  as_user dean visitdesk --store "/home/dean/$APP_STORE" demo --size small --seed 3 >/dev/null \
    || fail "the old CLI's demo data"
  # It is the old release: it knows nothing of attachments (schema 12).
  if as_user dean visitdesk attachment --help >/dev/null 2>&1; then fail "the old package's CLI knows attachments"; fi
  visit_ids >"$OUT/visits-before.txt"
  echo "the old release's store holds $(wc -l <"$OUT/visits-before.txt") visits"
  [[ -s $OUT/visits-before.txt ]] || fail "the old store holds no visits"
fi

step "$(version_of "$NEW_DEB"): apt-get install ./$(basename "$NEW_DEB")"
install_deb "$NEW_DEB"
installed=$(in_root dpkg-query -W -f '${Version}' "$PACKAGE")
[[ $installed == "$(version_of "$NEW_DEB")" ]] || fail "dpkg says $PACKAGE $installed is installed"
for f in /usr/bin/visitdesk /usr/bin/visitdesk-app /usr/share/applications/Visitdesk.desktop \
  /usr/share/visitdesk/fonts/NotoSansSC-Regular.ttf.zlib; do
  [[ -e $ROOT$f ]] || fail "$f is not installed"
done
grep -q '^Name=访企拓岗工作台$' "$ROOT/usr/share/applications/Visitdesk.desktop" || fail "the desktop entry's name"
for size in 16x16 24x24 32x32 48x48 64x64 128x128 256x256 512x512; do
  [[ -f $ROOT/usr/share/icons/hicolor/$size/apps/visitdesk-app.png ]] || fail "no $size icon"
done
# Every shared library the app and the CLI load is there: the Depends brought them.
for bin in /usr/bin/visitdesk-app /usr/bin/visitdesk; do
  if in_root ldd "$bin" | grep 'not found'; then fail "$bin misses libraries"; fi
done

step "visitdesk --version and init"
version=$(as_user newcomer visitdesk --version)
echo "$version"
[[ $version == "visitdesk $(version_of "$NEW_DEB")" ]] || fail "visitdesk --version says: $version"
as_user newcomer visitdesk --store /home/newcomer/cli-store init --school 示例大学 --name 李书记 --role secretary \
  --from 2026-09-01 --to 2027-06-30 >"$OUT/init.txt" || fail "visitdesk init"
as_user newcomer visitdesk --store /home/newcomer/cli-store check >/dev/null || fail "check of the new store"
# A document, set in the font the package installed beside the program.
as_user newcomer visitdesk --store /home/newcomer/cli-store report summary --out /home/newcomer/summary.pdf >/dev/null \
  || fail "a report with the installed font"
pdffonts "$ROOT/home/newcomer/summary.pdf" | grep -q 'NotoSansSC' || fail "the report does not embed the font"

if [[ -n $OLD_DEB ]]; then
  step "the upgraded store opens: migrations, check, the same visits"
  as_user dean visitdesk --store "/home/dean/$APP_STORE" check >"$OUT/check-upgraded.txt" \
    || { cat "$OUT/check-upgraded.txt" >&2; fail "check of the upgraded store"; }
  # Migration 13 ran: the store has attachments now (none yet) on its visits.
  first=$(head -1 "$OUT/visits-before.txt")
  as_user dean visitdesk --store "/home/dean/$APP_STORE" --json attachment list --visit "$first" | grep -qx '\[\]' \
    || fail "the upgraded store has no attachments table"
  visit_ids >"$OUT/visits-after.txt"
  diff -q "$OUT/visits-before.txt" "$OUT/visits-after.txt" >/dev/null || fail "the upgraded store's visits differ"
  echo "the same $(wc -l <"$OUT/visits-after.txt") visits"
fi

step "the app in the root, on Xvfb, through WebDriver"
display=$((80 + $$ % 9))
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
for _ in $(seq 50); do [[ -S /tmp/.X11-unix/X$display ]] && break; sleep 0.1; done
[[ -S /tmp/.X11-unix/X$display ]] || fail "Xvfb did not start"
# The test's own tools, after the package: WebKit's WebDriver from Debian, and tauri-driver.
apt_in_root install --no-install-recommends webkit2gtk-driver >"$OUT/apt-driver.log" 2>&1 \
  || { tail -20 "$OUT/apt-driver.log" >&2; fail "webkit2gtk-driver"; }
driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")
install -m 0755 "$driver" "$ROOT/usr/local/bin/tauri-driver"
launch() {
  local user=$1
  shift
  python3 "$PROJECT/tests/package/first_launch.py" --display ":$display" --shots "$OUT" "$@" \
    --driver "chroot --userspec=$user:$user $ROOT env -i HOME=/home/$user PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 DISPLAY=:$display tauri-driver"
}
launch newcomer --expect first-run || fail "the first-run screen"
if [[ -n $OLD_DEB ]]; then
  launch dean --expect unlock --passphrase "$PASSPHRASE" || fail "unlocking the upgraded store in the app"
fi

step "apt-get remove, then purge: the stores stay"
apt_in_root remove "$PACKAGE" >"$OUT/apt-remove.log" 2>&1 || fail "apt-get remove"
[[ ! -e $ROOT/usr/bin/visitdesk-app ]] || fail "the app is still there after remove"
apt_in_root purge "$PACKAGE" >"$OUT/apt-purge.log" 2>&1 || fail "apt-get purge"
cat "$OUT/apt-purge.log" | grep -F 'cn.visitdesk.desktop' || fail "the purge did not say where the stores are"
if in_root dpkg-query -W "$PACKAGE" >/dev/null 2>&1; then fail "dpkg still knows $PACKAGE after the purge"; fi
for store in /home/newcomer/cli-store /home/newcomer/$APP_STORE ${OLD_DEB:+/home/dean/$APP_STORE}; do
  [[ -f $ROOT$store/visitdesk.db ]] || fail "$store went with the package"
done

step "done: the fresh-root test took $((SECONDS - start)) s"
