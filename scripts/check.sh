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
    # each benchmark's floors (see its docstring); bench_tm imports a 200 MB TMX (about two minutes)
    bench() { echo "check: scripts/$1 ${*:2} --check" >&2; "$PY" "scripts/$1" "${@:2}" --shared "$SHARED" --check; }
    bench bench_align.py
    bench bench_segment.py
    bench bench_align_langs.py
    bench bench_run.py
    bench check_omegat.py
    bench bench_tm.py --units 30000 --no-peer
else
    echo "check: no shared data at $SHARED, so the benchmark floors were not checked" >&2
fi
