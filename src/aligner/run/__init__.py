"""The corpus job behind ``aligner run``: :func:`run_corpus` (in :mod:`.job`) runs it as stages, with the settings of
a :class:`RunConfig`.

Importing this package loads the settings only; the job's machinery loads when :func:`run_corpus` is first asked
for, so ``aligner run`` on a corpus that has not changed (:mod:`.uptodate`) answers without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import RunConfig, build_config, load_run_config

if TYPE_CHECKING:
    from .job import Progress, run_corpus

__all__ = ["Progress", "RunConfig", "build_config", "load_run_config", "run_corpus"]


def __getattr__(name: str) -> Any:
    if name in ("Progress", "run_corpus"):
        from . import job

        return getattr(job, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
