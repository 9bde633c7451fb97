"""Machine translation (French to English) of what has no counterpart, after the translation memory.

Importing this package loads no machine-learning library: torch, transformers, sentencepiece and ctranslate2 load
when a translator is made.
"""

from __future__ import annotations

from .models import DEFAULT_MODEL, ModelNotFound, ModelRef, list_models, resolve_model

__all__ = [
    "DEFAULT_MODEL",
    "ModelNotFound",
    "ModelRef",
    "list_models",
    "resolve_model",
    "load_translator",
    "available_backend",
]


def available_backend() -> str:
    """``ctranslate2`` when installed (faster on CPU), else ``transformers``."""
    import importlib.util

    return "ctranslate2" if importlib.util.find_spec("ctranslate2") else "transformers"


def load_translator(model: str, backend: str = "auto", beam: int = 1, batch_size: int = 16, warn=None):
    """Resolve ``model`` locally and load it with ``backend`` (``auto``, ``transformers`` or ``ctranslate2``)."""
    from .backends import make_translator

    ref = resolve_model(model)
    return make_translator(
        ref, available_backend() if backend == "auto" else backend, beam=beam, batch_size=batch_size, warn=warn
    )
