#!/usr/bin/env bash
# Installs the Debian packages the build and the browser tests need when they
# are missing: python3-venv (a fresh Debian python3 lacks ensurepip) and
# Chromium (Playwright's own browser download cannot work here; tests drive
# Debian's /usr/bin/chromium), and poppler-utils, whose pdftotext gives the
# word boxes of a printed clinic sheet (tests/wizard/test_summary_first.py).
set -euo pipefail
missing=()
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
[ "${1:-}" = "--with-browser" ] && { [ -x /usr/bin/chromium ] || missing+=(chromium); }
[ "${1:-}" = "--with-browser" ] && { command -v pdftotext >/dev/null || missing+=(poppler-utils); }
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Please install: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
