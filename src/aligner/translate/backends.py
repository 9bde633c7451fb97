"""Translating lines with a MarianMT model: transformers (PyTorch) or CTranslate2 (int8 on CPU).

Both back ends share what matters for the output: one output line per input line in order, empty lines kept empty,
batches of similar lengths, and sentences longer than the model accepts cut at word boundaries into pieces that are
translated one by one and joined (with a warning), never truncated silently and never a crash.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import AlignerError
from .models import ModelRef

Warn = Callable[[str], None]


def _default_warn(msg: str) -> None:
    warnings.warn(msg, stacklevel=3)


class Translator:
    """Common batching and long-input handling; back ends implement ``_translate_batch`` and ``_count``."""

    backend = "?"

    def __init__(self, model: ModelRef, beam: int = 1, batch_size: int = 16, warn: Warn | None = None) -> None:
        if beam < 1 or batch_size < 1:
            raise AlignerError("beam and batch size must be at least 1")
        self.model = model
        self.beam = beam
        self.batch_size = batch_size
        self.warn = warn or _default_warn
        self.max_tokens = 512

    @property
    def origin(self) -> str:
        return f"mt:{self.model.label}"

    def translate(self, lines: Sequence[str]) -> list[str]:
        """One translation per line; empty (or blank) lines stay empty."""
        pieces: list[tuple[int, str]] = []  # (line index, piece text)
        for k, line in enumerate(lines):
            text = line.strip()
            if not text:
                continue
            for piece in self._fit(text):
                pieces.append((k, piece))
        order = sorted(range(len(pieces)), key=lambda p: self._count(pieces[p][1]))
        outputs: list[str] = [""] * len(pieces)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            for p, out in zip(idx, self._translate_batch([pieces[p][1] for p in idx])):
                outputs[p] = out
        result = [""] * len(lines)
        for (k, _), out in zip(pieces, outputs):
            result[k] = f"{result[k]} {out}".strip() if result[k] else out
        return result

    def _fit(self, text: str) -> list[str]:
        """Cut a sentence the model cannot take whole into word-bounded pieces that fit."""
        limit = self.max_tokens - 2
        if self._count(text) <= limit:
            return [text]
        words = text.split()
        pieces: list[str] = []
        cur: list[str] = []
        for w in words:
            cand = " ".join([*cur, w])
            if cur and self._count(cand) > limit:
                pieces.append(" ".join(cur))
                cur = [w]
            else:
                cur.append(w)
        if cur:
            pieces.append(" ".join(cur))
        final = []
        for p in pieces:  # a single "word" longer than the limit: cut its characters
            while self._count(p) > limit and len(p) > 1:
                cut = max(1, len(p) // 2)
                final.append(p[:cut])
                p = p[cut:]
            final.append(p)
        self.warn(
            f"a sentence of {self._count(text)} tokens exceeds the model's {self.max_tokens}: "
            f"translated in {len(final)} pieces"
        )
        return final

    def _count(self, text: str) -> int:
        raise NotImplementedError

    def _translate_batch(self, texts: list[str]) -> list[str]:
        raise NotImplementedError


class TransformersTranslator(Translator):
    """MarianMTModel + MarianTokenizer (sentencepiece): tokenise, ``generate``, ``batch_decode``."""

    backend = "transformers"

    def __init__(
        self, model: ModelRef, beam: int = 1, batch_size: int = 16, warn: Warn | None = None, device: str | None = None
    ) -> None:
        super().__init__(model, beam, batch_size, warn)
        try:
            import torch
            from transformers import MarianMTModel, MarianTokenizer
        except ImportError as exc:
            raise AlignerError(
                f"the transformers back end needs the mt extra: pip install 'aligner[mt]' ({exc.name})"
            ) from None
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "Recommended: pip install sacremoses"
            self.tok = MarianTokenizer.from_pretrained(str(model.path), local_files_only=True)
            self.net = MarianMTModel.from_pretrained(str(model.path), local_files_only=True)
        self.net.eval()
        self.torch = torch
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.net.to(self.device)  # type: ignore[arg-type]  # transformers' stubs want a model, it takes a device
        self.max_tokens = int(min(self.tok.model_max_length, self.net.config.max_position_embeddings))

    def _count(self, text: str) -> int:
        return len(self.tok.spm_source.encode(text)) + 1

    def _translate_batch(self, texts: list[str]) -> list[str]:
        enc = self.tok(texts, return_tensors="pt", padding=True, truncation=True, max_length=self.max_tokens)
        enc = {k: v.to(self.device) for k, v in enc.items()}
        with self.torch.inference_mode():
            out = self.net.generate(**enc, num_beams=self.beam, max_new_tokens=self._max_new(enc), do_sample=False)
        return self.tok.batch_decode(out, skip_special_tokens=True)

    def _max_new(self, enc) -> int:
        return int(min(self.max_tokens, 2 * enc["input_ids"].shape[1] + 10))


def ct2_dir_for(model: ModelRef, quantization: str = "int8") -> Path:
    """Where the converted model lives: beside the model if writable, else in aligner's cache."""
    sub = f"ctranslate2-{quantization}"
    beside = model.path / sub
    if beside.exists() or os.access(model.path, os.W_OK):
        return beside
    key = hashlib.sha256(f"{model.path}:{model.revision}".encode()).hexdigest()[:16]
    return Path(os.environ.get("ALIGNER_CACHE_DIR", Path.home() / ".cache" / "aligner")) / "ct2" / f"{key}-{sub}"


def convert_model(model: ModelRef, out: Path | None = None, quantization: str = "int8", force: bool = False) -> Path:
    """Convert a MarianMT folder to CTranslate2 once (atomically: a failed conversion leaves nothing behind)."""
    try:
        import ctranslate2
    except ImportError as exc:
        raise AlignerError(
            f"the ctranslate2 back end needs the fast extra: pip install 'aligner[fast]' ({exc.name})"
        ) from None
    out = out or ct2_dir_for(model, quantization)
    stamp = out / "aligner-source-revision"
    if out.exists() and not force and stamp.exists() and stamp.read_text().strip() == model.revision:
        return out
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ctranslate2.converters.TransformersConverter(str(model.path)).convert(
                str(tmp), quantization=quantization, force=True
            )
        for name in ("source.spm", "target.spm"):
            shutil.copyfile(model.path / name, tmp / name)
        (tmp / "aligner-source-revision").write_text(model.revision + "\n")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except Exception as exc:  # noqa: BLE001 - turn any converter failure into one line
        shutil.rmtree(tmp, ignore_errors=True)
        raise AlignerError(
            f"cannot convert the model to CTranslate2 ({type(exc).__name__}: {exc})", model.path
        ) from None
    return out


class CTranslate2Translator(Translator):
    """The same model converted to CTranslate2 (int8 on CPU), tokenised with the model's sentencepiece files."""

    backend = "ctranslate2"

    def __init__(
        self,
        model: ModelRef,
        beam: int = 1,
        batch_size: int = 16,
        warn: Warn | None = None,
        device: str = "cpu",
        quantization: str = "int8",
        threads: int = 0,
    ) -> None:
        super().__init__(model, beam, batch_size, warn)
        path = convert_model(model, quantization=quantization)
        compute_type = "float32" if quantization in ("float32", "none") else quantization
        import ctranslate2
        import sentencepiece as spm

        self.ct = ctranslate2.Translator(
            str(path), device=device, compute_type=compute_type, intra_threads=threads or (os.cpu_count() or 1)
        )
        self.src_sp = spm.SentencePieceProcessor(model_file=str(model.path / "source.spm"))
        self.tgt_sp = spm.SentencePieceProcessor(model_file=str(model.path / "target.spm"))
        import json

        cfg = json.loads((model.path / "config.json").read_text(encoding="utf-8"))
        self.max_tokens = int(cfg.get("max_position_embeddings", 512))

    def _count(self, text: str) -> int:
        return len(self.src_sp.encode(text)) + 1

    def _translate_batch(self, texts: list[str]) -> list[str]:
        tokens = [self.src_sp.encode(t, out_type=str) + ["</s>"] for t in texts]
        longest = max(len(t) for t in tokens)
        res = self.ct.translate_batch(
            tokens,
            beam_size=self.beam,
            max_batch_size=self.batch_size,
            max_decoding_length=int(min(self.max_tokens, 2 * longest + 10)),
            max_input_length=self.max_tokens,
        )
        return [self.tgt_sp.decode(r.hypotheses[0]) for r in res]


BACKENDS = {"transformers": TransformersTranslator, "ctranslate2": CTranslate2Translator}


def make_translator(model: ModelRef, backend: str = "ctranslate2", **kwargs) -> Translator:
    try:
        cls = BACKENDS[backend]
    except KeyError:
        raise AlignerError(f"unknown back end {backend!r} (choose {', '.join(BACKENDS)})") from None
    return cls(model, **kwargs)
