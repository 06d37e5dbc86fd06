#!/usr/bin/env bash
# Installs the system libraries Hookline builds against (Debian 12 names).
# Idempotent: does nothing when everything is already there.
set -euo pipefail
# OCR: Tesseract, Leptonica and libheif (HEIC photos, which Leptonica cannot read) to build
# against, and the language data Hookline may be configured to read (ocr.languages; eng is
# the default).
pkgs=(libmilter-dev libvectorscan-dev libphonenumber-dev zlib1g-dev pkg-config python3
      libtesseract-dev libleptonica-dev libheif-dev tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra
      tesseract-ocr-spa tesseract-ocr-por tesseract-ocr-ita tesseract-ocr-nld)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to apt-get install: ${missing[*]}" >&2
    exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
