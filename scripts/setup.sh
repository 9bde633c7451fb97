#!/usr/bin/env bash
# Set up everything aligner and its tests need on a fresh Debian machine with Python 3.11:
# a virtual environment in .venv with the package (editable) and its test and benchmark extras.
# torch, when an extra needs it, is held to the CPU build by constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,bench]'
