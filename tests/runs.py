"""Running the corpus job from tests: ``run(corpus, out, ...)`` returns report.json as a dict, as users read it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aligner.run import RunConfig, run_corpus
from aligner.translate.fill import FillOptions

NO_MT = FillOptions(model=None)


def run(corpus: Path, out: Path, translation: FillOptions = NO_MT, **settings: Any) -> dict:
    """``aligner run`` through the library; MT is off unless ``translation`` names a model."""
    return run_corpus(RunConfig(Path(corpus), Path(out), translation=translation, **settings)).to_json()
