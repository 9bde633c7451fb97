#!/usr/bin/env bash
# Everything CI checks, in the order a failure is cheapest to read: the tests, types and lint; then, when the shared
# data sets are present (../shared, or $ALIGNER_SHARED), the benchmark floors (each script's --check).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
"$PY" -m pytest
"$PY" -m mypy
.venv/bin/ruff check .
.venv/bin/ruff format --check .
SHARED=${ALIGNER_SHARED:-../shared}
if [ -d "$SHARED" ]; then
    for bench in bench_run check_omegat; do
        echo "check: scripts/$bench.py --check" >&2
        "$PY" "scripts/$bench.py" --shared "$SHARED" --check
    done
else
    echo "check: no shared data at $SHARED, so the benchmark floors were not checked" >&2
fi
