#!/bin/sh
# Build the Debian package of the member terminal from the PyInstaller folder bundle.
#
#   installer/linux/build-deb.sh [BUNDLE_DIR] [OUT_DIR]
#
# BUNDLE_DIR defaults to dist/member-terminal (made by `make package`), OUT_DIR to dist/.
# The package installs the bundle in /opt/member-terminal, links `pos-terminal` and `posctl`
# into /usr/bin, and adds a menu entry. Store data stays in each user's home directory
# (see docs/installing.md), so removing or purging the package never touches it.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUNDLE=${1:-$ROOT/dist/member-terminal}
OUT=${2:-$ROOT/dist}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

NAME=member-terminal
PROGRAMS=$(cd "$ROOT" && "$PYTHON" -c 'from installer import bundle; print(" ".join(p.name for p in bundle.PROGRAMS))')
VERSION=$(cd "$ROOT" && "$PYTHON" -c 'from installer import bundle; print(bundle.version())')
ARCH=$(dpkg --print-architecture)

for program in $PROGRAMS; do
  if [ ! -x "$BUNDLE/$program" ]; then
    echo "no $program in $BUNDLE: build the bundle first (make package)" >&2
    exit 1
  fi
done

STAGE=$ROOT/build/deb/$NAME
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/doc/$NAME"

cp -a "$BUNDLE" "$STAGE/opt/$NAME"
for program in $PROGRAMS; do
  # Relative links work the same in / and in a scratch root unpacked with dpkg-deb -x.
  ln -s "../../opt/$NAME/$program" "$STAGE/usr/bin/$program"
done
install -m 644 "$HERE/$NAME.desktop" "$STAGE/usr/share/applications/$NAME.desktop"
install -m 644 "$ROOT/resources/icons/terminal.svg" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
install -m 644 "$ROOT/docs/installing.md" "$STAGE/usr/share/doc/$NAME/installing.md"

SIZE_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE_KB@/$SIZE_KB/" \
  "$HERE/control.in" > "$STAGE/DEBIAN/control"
install -m 755 "$HERE/postinst" "$STAGE/DEBIAN/postinst"

mkdir -p "$OUT"
DEB=$OUT/${NAME}_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
