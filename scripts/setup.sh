#!/usr/bin/env bash
# Set up everything aligner and its tests need on a fresh Debian machine with Python 3.11:
# - the system tools the tests check outputs with: xmllint (libxml2-utils), msgfmt (gettext), OmegaT (omegat),
#   headless Chromium (chromium) for the review pages;
# - a virtual environment in .venv with the package (editable) and its dev and bench extras.
# torch, when an extra needs it, is held to the CPU build by constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

need=()
command -v xmllint >/dev/null || need+=(libxml2-utils)
command -v msgfmt >/dev/null || need+=(gettext)
[ -f /usr/share/omegat/OmegaT.jar ] || need+=(omegat)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "setup: installing ${need[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "setup: the tests need these Debian packages: ${need[*]} (run as root, or install them yourself)" >&2
    fi
fi

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,bench]'
