#!/bin/sh
# Proves a `make install` binary needs no Swift toolchain: no libswift in `ldd`, and it runs a
# whole simulate + run with an empty environment (env -i, no LD_LIBRARY_PATH) and — as root,
# where a private mount namespace is allowed — with the toolchain's library folder hidden.
# Usage: contrib/verify-static-binary.sh BINARY
set -eu
BIN=$(readlink -f "$1")
fail() { echo "verify-static: FAIL: $*" >&2; exit 1; }

echo "verify-static: ldd $BIN"
ldd "$BIN" | sed 's/^/  /'
if ldd "$BIN" | grep -qi 'libswift\|libFoundation\|libdispatch\|libBlocksRuntime'; then
  fail "the binary still loads Swift runtime libraries"
fi

T=$(mktemp -d /tmp/renkei-verify-static.XXXXXX)
trap 'rm -rf "$T"' EXIT
# The toolchain's runtime folder (e.g. /usr/share/swift/usr/lib/swift/linux), hidden below if we can.
SWIFT_LIB=""
if command -v swift >/dev/null 2>&1; then
  SWIFT_LIB=$(dirname "$(readlink -f "$(command -v swift)")")/../lib/swift/linux
  SWIFT_LIB=$(readlink -f "$SWIFT_LIB" 2>/dev/null || true)
fi
cat > "$T/check.sh" <<EOS
set -eu
env -i LD_LIBRARY_PATH= "$BIN" --version
env -i LD_LIBRARY_PATH= "$BIN" simulate --prefectures 31 --scale 0.3 --seed 1 --out "$T/sim" >/dev/null
set +e
env -i LD_LIBRARY_PATH= "$BIN" run --inbox "$T/sim/inbox" --out "$T/out" > "$T/summary.txt"
status=\$?
set -e
[ \$status -le 1 ] || { echo "run exited \$status"; exit 1; }
test -f "$T/out/latest/全国集計.xlsx"
head -1 "$T/summary.txt"
EOS
if [ -n "$SWIFT_LIB" ] && [ -d "$SWIFT_LIB" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 \
   && unshare -m true 2>/dev/null; then
  echo "verify-static: running with $SWIFT_LIB hidden (empty tmpfs over it) and env -i"
  unshare -m sh -c "mount -t tmpfs tmpfs '$SWIFT_LIB' && ls -A '$SWIFT_LIB' | wc -l | grep -qx 0 && sh '$T/check.sh'" \
    || fail "the binary did not run with the toolchain hidden"
else
  echo "verify-static: running with env -i (not root: the toolchain folder stays visible)"
  sh "$T/check.sh" || fail "the binary did not run with an empty environment"
fi
echo "verify-static: OK"
