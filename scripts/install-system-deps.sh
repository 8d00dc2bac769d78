#!/usr/bin/env bash
# Debian packages the tests and the PDF renderer need: Chromium for the browser tests, the
# Pango libraries WeasyPrint renders with, fonts for Hebrew and Arabic, poppler for reading PDFs
# and gettext for compiling translations. Installs only what is missing; needs root and apt-get.
set -euo pipefail

packages=(chromium poppler-utils gettext fonts-noto-core fonts-dejavu-core
          libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing Debian packages: ${missing[*]} (install them as root with apt-get)." >&2
  [ -n "${CI:-}" ] && exit 1
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
