#!/usr/bin/env bash
# npm audit of what the UI ships (its production dependencies); any advisory fails it.
# Some registry mirrors answer the bulk advisory request with an error (HTTP 405, as the one
# this project is built behind does): then it says loudly that advisories were NOT checked, and
# fails only when REQUIRE_AUDIT=1 (set it where the real registry answers).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../ui" || exit 1
out=$(npm audit --omit=dev 2>&1)
rc=$?
printf '%s\n' "$out"
if ((rc != 0)) && grep -q 'audit endpoint returned an error' <<<"$out"; then
  echo "npm-audit: the registry's audit endpoint did not answer: npm advisories were NOT checked" >&2
  [[ ${REQUIRE_AUDIT:-} == 1 ]] && exit 1
  exit 0
fi
exit "$rc"
