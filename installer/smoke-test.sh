#!/bin/sh
# Run the built programs once, the way a store would, to catch anything the bundle lacks
# (a module imported by name, a data file, a Qt plugin).
#
#   installer/smoke-test.sh [BUNDLE_DIR]      default: dist/member-terminal
#
# Uses a scratch database and home directory; needs no screen (Qt's offscreen platform).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
BUNDLE=$(cd "${1:-$HERE/../dist/member-terminal}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" POS_CONFIG_DIR="$WORK/config" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME"
POSCTL="$BUNDLE/posctl --db $WORK/terminal.db"

step() { echo "== $*"; }

step "posctl --help"
$BUNDLE/posctl --help >/dev/null
step "posctl init (runs the bundled migrations)"
$POSCTL init --store 1 --terminal 1 --store-name "测试门店" >/dev/null
$POSCTL operator add --name manager --role manager --pin 1234 >/dev/null
$POSCTL operator add --name cashier --role cashier --pin 0000 \
  --approver manager --approver-pin 1234 >/dev/null
step "posctl member add / topup / sale"
$POSCTL member add --phone 13912345678 --name 张三 --birthday 1990-05-01 --consent >/dev/null
$POSCTL topup 13912345678 100 --tender cash --operator manager >/dev/null
SALE=$($POSCTL --json sale 13912345678 --amount 50 --wallet 20 --cash 30 --operator cashier \
  | sed -n 's/.*"sale_id": "\([^"]*\)".*/\1/p')
step "posctl receipt as PDF, ESC/POS bytes and picture"
$POSCTL receipt "$SALE" --pdf "$WORK/r.pdf" --escpos "$WORK/r.bin" --png "$WORK/r.png" >/dev/null
for f in r.pdf r.bin r.png; do test -s "$WORK/$f" || { echo "no $f written" >&2; exit 1; }; done
step "posctl ledger verify / audit verify / backup"
$POSCTL ledger verify >/dev/null
$POSCTL audit verify >/dev/null
$POSCTL backup "$WORK/backup.db" >/dev/null
step "posctl refuses bad input with a message"
if $POSCTL member add --phone 123 --name x --consent 2>"$WORK/err"; then
  echo "a bad phone number was accepted" >&2; exit 1
fi
grep -q "not a valid phone number" "$WORK/err"

SECONDS_UP=${SMOKE_SECONDS:-15}
step "pos-terminal runs ${SECONDS_UP}s on the offscreen platform"
status=0
POS_DB="$WORK/terminal.db" timeout "$SECONDS_UP" "$BUNDLE/pos-terminal" >"$WORK/out" 2>&1 \
  || status=$?
if [ "$status" -ne 124 ] || grep -q "Traceback\|Failed to execute" "$WORK/out"; then
  echo "pos-terminal stopped early (exit $status):" >&2
  cat "$WORK/out" >&2
  exit 1
fi
echo "smoke test passed: $BUNDLE"
