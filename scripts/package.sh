#!/usr/bin/env bash
# Builds dist/hookline_VERSION_ARCH.deb with dpkg-deb: a release binary with the
# Swift runtime linked in (the machine that installs it needs no toolchain),
# the packaged config and rules, the systemd unit, man pages and the
# maintainer scripts from packaging/debian. Then checks it: no libswift*.so
# needed, the binary runs with /opt/swift out of sight, lintian.
#
#   scripts/package.sh              build + checks
#   NO_BUILD=1 scripts/package.sh   reuse .build-pkg (only repackage)
#   NO_LINTIAN=1 ...                skip lintian (it is slow on 2 cores)
#
# Network: apt-get (Debian's registry) only, for dpkg-dev/lintian if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
scripts/install-deps.sh

need=()
command -v dpkg-shlibdeps >/dev/null || need+=(dpkg-dev)
[ -n "${NO_LINTIAN:-}" ] || command -v lintian >/dev/null || need+=(lintian)
command -v man >/dev/null || need+=(man-db)
if [ ${#need[@]} -gt 0 ]; then
    echo "package: installing ${need[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

VERSION=$(sed -n 's/.*string = "\(.*\)".*/\1/p' Sources/HooklineCore/Version.swift)
ARCH=$(dpkg --print-architecture)
[ -n "$VERSION" ] || { echo "package: no version in Sources/HooklineCore/Version.swift" >&2; exit 1; }
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

# A scratch path of its own: --static-swift-stdlib changes every object file,
# and sharing .build would make `scripts/run.sh` rebuild from scratch each time.
SCRATCH=.build-pkg
if [ -z "${NO_BUILD:-}" ]; then
    # Debian's hardening defaults for the C and C++ parts (libyaml inside Yams,
    # the libphonenumber shim) and the link: fortified libc calls, full RELRO.
    swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" \
        -Xcc -D_FORTIFY_SOURCE=2 -Xcxx -D_FORTIFY_SOURCE=2 -Xcc -fstack-protector-strong \
        -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now
fi
BIN=$SCRATCH/release/hookline

STAGE=$(mktemp -d /tmp/hookline-pkg.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
P=$STAGE/root
install -d "$P/DEBIAN" "$P/usr/sbin" "$P/usr/libexec/hookline" "$P/usr/share/hookline/rules" "$P/etc/hookline/local.d" \
    "$P/usr/lib/systemd/system" "$P/usr/share/man/man8" "$P/usr/share/man/man5" \
    "$P/usr/share/doc/hookline" "$P/usr/share/lintian/overrides"

# Symbols off (as dh_strip would); Swift keeps its metadata in sections strip leaves.
install -m 0755 "$BIN" "$P/usr/sbin/hookline"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$P/usr/sbin/hookline"
# The OCR worker hookline starts as a child (HooklineOCR's OCRPool looks in ../libexec/hookline).
install -m 0755 "$SCRATCH/release/hookline-ocr" "$P/usr/libexec/hookline/hookline-ocr"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$P/usr/libexec/hookline/hookline-ocr"

install -m 0644 Config/rules/*.yaml "$P/usr/share/hookline/rules/"
# The packaged config is the shipped one with two lines changed: the socket
# inside Postfix's chroot, and the rules from /usr/share first, local.d last.
sed -e 's|^listen: inet:8899@127.0.0.1$|listen: unix:/var/spool/postfix/hookline/hookline.sock|' \
    -e 's|^  - rules/\*\.yaml$|  - /usr/share/hookline/rules/*.yaml|' \
    -e 's|^  - local\.d/\*\.yaml$|  - /etc/hookline/local.d/*.yaml|' \
    Config/hookline.yaml > "$P/etc/hookline/hookline.yaml"
for want in 'listen: unix:/var/spool/postfix/hookline/hookline.sock' '  - /usr/share/hookline/rules/\*.yaml' \
            '  - /etc/hookline/local.d/\*.yaml'; do
    grep -q "^$want\$" "$P/etc/hookline/hookline.yaml" \
        || { echo "package: Config/hookline.yaml changed shape; '$want' not produced" >&2; exit 1; }
done
chmod 0644 "$P/etc/hookline/hookline.yaml"
# local.d ships empty (local files are the admin's); its how-to goes with the docs.
install -m 0644 Config/local.d/README.txt "$P/usr/share/doc/hookline/README.local.d"

install -m 0644 systemd/hookline.service "$P/usr/lib/systemd/system/hookline.service"

python3 packaging/gen-man.py "$BIN" README.md "$STAGE" "$VERSION"
gzip -9n -c "$STAGE/hookline.8" > "$P/usr/share/man/man8/hookline.8.gz"
gzip -9n -c "$STAGE/hookline.yaml.5" > "$P/usr/share/man/man5/hookline.yaml.5.gz"

install -m 0644 packaging/debian/copyright "$P/usr/share/doc/hookline/copyright"
gzip -9n -c README.md > "$P/usr/share/doc/hookline/README.md.gz"
printf 'hookline (%s) unstable; urgency=medium\n\n  * Package built from %s.\n\n -- Hookline maintainers <maintainers@hookline.invalid>  %s\n' \
    "$VERSION" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$(date -u -R -d "@$SOURCE_DATE_EPOCH")" | gzip -9n > "$P/usr/share/doc/hookline/changelog.gz"
install -m 0644 packaging/debian/lintian-overrides "$P/usr/share/lintian/overrides/hookline"

for s in postinst prerm postrm; do install -m 0755 "packaging/debian/$s" "$P/DEBIAN/$s"; done
install -m 0644 packaging/debian/conffiles "$P/DEBIAN/conffiles"

# Runtime libraries from the binary itself (dpkg-shlibdeps wants a source-package
# layout, so it runs in a throwaway one). Vectorscan and Hyperscan share the
# libhs.so.5 ABI: either package satisfies the dependency.
mkdir -p "$STAGE/src/debian"
printf 'Source: hookline\n\nPackage: hookline\nArchitecture: any\n' > "$STAGE/src/debian/control"
DEPS=$(cd "$STAGE/src" && dpkg-shlibdeps -O -e"$P/usr/sbin/hookline" -e"$P/usr/libexec/hookline/hookline-ocr" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$DEPS" ] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
DEPS=$(echo "$DEPS" | sed -E 's/(libvectorscan5( \([^)]*\))?)/\1 | libhyperscan5/')
DEPS="adduser, $DEPS"
# The image decoders and OCR are linked, not loaded at run time: a package that does not
# pull them in would install and then fail to start.
for lib in libtesseract5 liblept5 libheif1; do
    case ", $DEPS" in *", $lib"*) ;; *) echo "package: FAIL: Depends lacks $lib: $DEPS" >&2; exit 1 ;; esac
done

SIZE=$(du -sk --exclude=DEBIAN "$P" | cut -f1)
sed -e "s|@VERSION@|$VERSION|" -e "s|@ARCH@|$ARCH|" -e "s|@SIZE@|$SIZE|" -e "s/@DEPENDS@/$DEPS/" \
    packaging/debian/control.in > "$P/DEBIAN/control"
(cd "$P" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$P/DEBIAN/md5sums"
chmod 0644 "$P/DEBIAN/md5sums"

mkdir -p dist
OUT=dist/hookline_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$P" "$OUT" >/dev/null
echo "package: $OUT ($(du -h "$OUT" | cut -f1))"
echo "package: Depends: $DEPS"

# The binary must not need the toolchain: no libswift*.so, and it runs with
# /opt/swift hidden (a private mount namespace; nothing outside it changes).
if ldd "$P/usr/sbin/hookline" | grep -q 'libswift\|libFoundation\|libdispatch\|libBlocksRuntime'; then
    echo "package: FAIL: the binary needs Swift runtime libraries:" >&2
    ldd "$P/usr/sbin/hookline" | grep 'swift\|Foundation\|dispatch' >&2
    exit 1
fi
if unshare --mount true 2>/dev/null; then
    v=$(unshare --mount sh -c 'mount -t tmpfs none /opt/swift && exec env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH= "$1" --version' \
        sh "$P/usr/sbin/hookline")
    echo "package: $OUT: 'hookline --version' with /opt/swift hidden: $v"
    [ "$v" = "$VERSION" ] || { echo "package: FAIL: expected $VERSION" >&2; exit 1; }
else
    echo "package: warning: no unshare here; ran --version with the toolchain visible" >&2
    env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH= "$P/usr/sbin/hookline" --version
fi

if [ -z "${NO_LINTIAN:-}" ]; then
    # Every override is justified in packaging/debian/lintian-overrides.
    lintian --fail-on error,warning --info --display-info --pedantic "$OUT" && echo "package: lintian clean (overrides in packaging/debian/lintian-overrides)"
fi
