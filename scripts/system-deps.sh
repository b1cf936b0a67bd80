#!/bin/sh
# Debian packages the test suite uses: chromium (browser tests), poppler-utils and qpdf
# (PDF checks), wrk (bench/web.py). Installs what is missing when it can; never fails the build by itself.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v qpdf >/dev/null 2>&1 || missing="$missing qpdf"
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null \
    || echo "warning: could not install$missing; the tests that need them will say so" >&2
else
  echo "note:$missing not installed (needs root and apt-get); the tests that need them will skip" >&2
fi
exit 0
