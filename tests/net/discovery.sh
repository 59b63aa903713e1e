#!/usr/bin/env bash
# Direct sync's discovery (issue 20), on a network this test makes itself: two network
# namespaces joined by a veth pair (10.77.0.1/24 and 10.77.0.2/24), no ticket pasted anywhere.
# 王书记's laptop and 张秘书's each run `visitdesk sync listen --once` in their own namespace;
# they must find each other by mDNS and exchange their changes.
#
# Needs root and `ip netns` (iproute2). Where the machine does not allow them, the test says
# so, prints the reason, and exits 0 as SKIPPED.
#
#   tests/net/discovery.sh [path/to/visitdesk]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=${1:-${CARGO_TARGET_DIR:-target}/debug/visitdesk}
[[ -x $BIN ]] || { echo "discovery: $BIN not built (cargo build -p visitdesk-cli)" >&2; exit 1; }
BIN=$(realpath "$BIN")

skip() {
  echo "discovery: SKIPPED: $*"
  exit 0
}

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  sudo -n true 2>/dev/null || skip "not root, and sudo asks for a password"
  SUDO=(sudo -n)
fi
command -v ip >/dev/null || skip "no ip command (iproute2)"

TAG=vd$$
A=${TAG}a B=${TAG}b
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  "${SUDO[@]}" ip netns del "$A" 2>/dev/null || true
  "${SUDO[@]}" ip netns del "$B" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${SUDO[@]}" ip netns add "$A" 2>"$WORK/err" || skip "ip netns add failed: $(cat "$WORK/err")"
"${SUDO[@]}" ip netns add "$B"
"${SUDO[@]}" ip link add "${TAG}x" type veth peer name "${TAG}y" 2>"$WORK/err" || skip "no veth pair: $(cat "$WORK/err")"
"${SUDO[@]}" ip link set "${TAG}x" netns "$A"
"${SUDO[@]}" ip link set "${TAG}y" netns "$B"
"${SUDO[@]}" ip -n "$A" addr add 10.77.0.1/24 dev "${TAG}x"
"${SUDO[@]}" ip -n "$B" addr add 10.77.0.2/24 dev "${TAG}y"
for ns in "$A" "$B"; do
  "${SUDO[@]}" ip -n "$ns" link set lo up
  "${SUDO[@]}" ip -n "$ns" link set "$( [[ $ns == "$A" ]] && echo "${TAG}x" || echo "${TAG}y")" up multicast on
  # mDNS goes to 224.0.0.251 out of the veth.
  "${SUDO[@]}" ip -n "$ns" route add 224.0.0.0/4 dev "$( [[ $ns == "$A" ]] && echo "${TAG}x" || echo "${TAG}y")"
done

export VISITDESK_FAST_KDF_FOR_TESTS=1
PASS="correct horse battery"
ZHANG="张秘书的口令二〇二二"
vd() { # vd STORE PASSPHRASE ARGS...
  local store=$1 pass=$2
  shift 2
  VISITDESK_STORE="$store" VISITDESK_PASSPHRASE="$pass" "$BIN" "$@"
}

# The team, made with files as on day one.
vd "$WORK/admin" "$PASS" init --school 示例职业技术学院 --name 王书记 --role secretary \
  --from 2026-03-01 --to 2026-08-31 >/dev/null
vd "$WORK/admin" "$PASS" team create >/dev/null
FP=$(vd "$WORK/zhang" "$ZHANG" --json team join-request --name 张秘书 --out "$WORK/request.json" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["fingerprint"])')
vd "$WORK/admin" "$PASS" team accept "$WORK/request.json" --fingerprint "$FP" --out "$WORK/welcome.vdsync" >/dev/null
vd "$WORK/zhang" "$ZHANG" team join "$WORK/welcome.vdsync" >/dev/null
# A change on each side, after the welcome.
vd "$WORK/admin" "$PASS" employer add --name 苏州绿叶精密机械有限公司 >/dev/null
vd "$WORK/zhang" "$ZHANG" employer add --name 无锡青禾软件有限公司 >/dev/null

# Both listen, each in its namespace, with mDNS and no ticket; each stops after one exchange.
for side in admin zhang; do
  ns=$([[ $side == admin ]] && echo "$A" || echo "$B")
  pass=$([[ $side == admin ]] && echo "$PASS" || echo "$ZHANG")
  "${SUDO[@]}" ip netns exec "$ns" env VISITDESK_STORE="$WORK/$side" VISITDESK_PASSPHRASE="$pass" \
    VISITDESK_FAST_KDF_FOR_TESTS=1 "$BIN" sync listen --once --every 5 >"$WORK/$side.out" 2>"$WORK/$side.err" &
  PIDS+=($!)
done

deadline=$((SECONDS + 60))
while ((SECONDS < deadline)); do
  if ! kill -0 "${PIDS[0]}" 2>/dev/null && ! kill -0 "${PIDS[1]}" 2>/dev/null; then break; fi
  sleep 1
done
for side in admin zhang; do
  echo "--- $side"
  cat "$WORK/$side.out" "$WORK/$side.err"
done
for p in "${PIDS[@]}"; do
  if kill -0 "$p" 2>/dev/null; then
    echo "discovery: FAILED: the two laptops did not find each other within 60 s" >&2
    exit 1
  fi
done

for side in admin zhang; do
  pass=$([[ $side == admin ]] && echo "$PASS" || echo "$ZHANG")
  names=$(vd "$WORK/$side" "$pass" --json employer list | python3 -c 'import json,sys; print(" ".join(e["name"] for e in json.load(sys.stdin)))')
  for want in 苏州绿叶精密机械有限公司 无锡青禾软件有限公司; do
    [[ " $names " == *" $want "* ]] || { echo "discovery: FAILED: $side lacks $want ($names)" >&2; exit 1; }
  done
done
grep -h '^synced' "$WORK/admin.out" "$WORK/zhang.out" >/dev/null || { echo "discovery: FAILED: no exchange printed" >&2; exit 1; }
echo "discovery: passed: two namespaces found each other by mDNS and exchanged their changes"
