"""One saved configuration per run: ``RunConfig``.

A run's settings come, lowest priority first, from the defaults, from ``aligner.toml`` at the corpus root (or the file
given with ``--config``), and from the command line. The settings used are saved as ``OUT/run.json``; every command that
works on an existing run (``aligner apply``, ``aligner terms check --out``) loads them, so it works the way the run did.

``aligner.toml``::

    jobs = 2

    [compute]
    executor = "local"                # or "dask"
    scheduler = "tcp://10.0.0.5:8786" # with dask: a running scheduler (none: a local cluster of `jobs` workers)

    [segmentation]
    srx = "rules/omegat.srx"          # paths are relative to the TOML file

    [translation]
    mt = true                         # false: the memory only (--no-mt)
    model = "Helsinki-NLP/opus-mt-{src}-{tgt}"  # the default: each pair's model (opus-mt-mul-en as fallback)
    backend = "auto"                  # auto, transformers, ctranslate2
    beam = 1
    fuzzy_threshold = 75

    [languages]
    pivot = "en"                      # the originals' language folder
    langs = ["fr", "de"]              # the translation languages (default: every other language folder)

    [alignment]
    lexicons = ["dictionaries/fr-en.dic"]  # hunalign .dic or TSV, besides the shipped prior
    translate = true                  # with a model on the machine, translate the translations first and align
                                      # with the MT too (--align-mt/--no-align-mt; --no-mt switches it off)

    [terminology]
    glossary = "glossary.tsv"

    [outputs]
    xliff = "2.0"                     # or "1.2"
    release_tmx = false               # true: also a TMX per release in tmx/

    [gates]
    min_aligned = 0.8
    max_low_confidence = 0.2
    min_bleu = 20
    max_untranslated = 0
    max_term_issues = 0
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FormatError, InputError, UsageError
from ..fsutil import atomic_write_text
from ..report.gates import GateSettings
from ..settings import PAIR_MODEL, check_language
from ..translate.fill import FillOptions

CONFIG_NAME = "aligner.toml"
SAVED_NAME = "run.json"
SAVED_SCHEMA = "aligner-run/1"
BACKENDS = ("auto", "transformers", "ctranslate2")
XLIFF_VERSIONS = ("2.0", "1.2")
EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class RunConfig:
    corpus: Path
    out: Path
    jobs: int = 1
    srx: Path | None = None
    translation: FillOptions = field(default_factory=FillOptions)
    glossary: Path | None = None
    gates: GateSettings = field(default_factory=GateSettings)
    xliff: str = "2.0"  # the XLIFF version of OUT/xliff/<release>.xlf: 2.0 or 1.2
    release_tmx: bool = False  # also a TMX per release (OUT/tmx/); memory.tmx always holds every release
    lexicons: tuple[Path, ...] = ()  # the user's dictionaries for alignment (hunalign .dic or TSV)
    align_mt: bool = True  # align with the MT of the translation when the pair's model is on this machine
    pivot: str = "en"  # the language of the originals
    langs: tuple[str, ...] | None = None  # the translation languages (None: every language folder but the pivot)
    executor: str = "local"  # where releases are computed: "local" (processes here) or "dask"
    scheduler: str | None = None  # a Dask scheduler address; None with dask: a local cluster

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SAVED_SCHEMA,
            "corpus": str(self.corpus),
            "jobs": self.jobs,
            "segmentation": {"srx": None if self.srx is None else str(self.srx)},
            "alignment": {"lexicons": [str(p) for p in self.lexicons], "translate": self.align_mt},
            "languages": {"pivot": self.pivot, "langs": None if self.langs is None else list(self.langs)},
            "translation": {
                "mt": self.translation.model is not None,
                "model": self.translation.model,
                "backend": self.translation.backend,
                "beam": self.translation.beam,
                "fuzzy_threshold": self.translation.fuzzy_threshold,
                "batch_size": self.translation.batch_size,
            },
            "terminology": {"glossary": None if self.glossary is None else str(self.glossary)},
            "gates": self.gates.as_dict(),
            "outputs": {"xliff": self.xliff, "release_tmx": self.release_tmx},
            "compute": {"executor": self.executor, "scheduler": self.scheduler},
        }


def default_jobs() -> int:
    """Releases processed in parallel when nothing says otherwise: the cores, up to 4."""
    return max(1, min(4, os.cpu_count() or 1))


# ---------------------------------------------------------------- reading settings

_SECTIONS: dict[str, dict[str, tuple[type, ...]]] = {
    "": {"jobs": (int,)},
    "segmentation": {"srx": (str,)},
    "alignment": {"lexicons": (list,), "translate": (bool,)},
    "languages": {"pivot": (str,), "langs": (list,)},
    "translation": {
        "mt": (bool,),
        "model": (str,),
        "backend": (str,),
        "beam": (int,),
        "fuzzy_threshold": (int, float),
        "batch_size": (int,),
    },
    "terminology": {"glossary": (str,)},
    "outputs": {"xliff": (str,), "release_tmx": (bool,)},
    "compute": {"executor": (str,), "scheduler": (str,)},
    "gates": {
        "min_aligned": (int, float),
        "max_low_confidence": (int, float),
        "min_bleu": (int, float),
        "max_untranslated": (int,),
        "max_term_issues": (int,),
    },
}
_PATHS = {("segmentation", "srx"), ("terminology", "glossary")}
_PATH_LISTS = {("alignment", "lexicons")}


def read_settings(path: Path) -> dict[tuple[str, str], Any]:
    """The settings of an ``aligner.toml`` as ``{(section, key): value}``, paths made absolute.

    Unknown sections or keys and values of the wrong type are a :class:`FormatError` naming the file.
    """
    from ..textio import read_text

    try:
        doc = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise FormatError(f"not valid TOML ({str(exc).split(' (at')[0]})", path, line) from None
    out: dict[tuple[str, str], Any] = {}
    for name, value in doc.items():
        if isinstance(value, dict):
            _read_section(path, name, value, out)
        else:
            _read_section(path, "", {name: value}, out)
    return out


def _read_section(path: Path, section: str, values: dict, out: dict[tuple[str, str], Any]) -> None:
    known = _SECTIONS.get(section)
    if known is None:
        raise FormatError(f"unknown section [{section}] (known: {', '.join(s for s in _SECTIONS if s)})", path)
    for key, value in values.items():
        where = f"{section}.{key}" if section else key
        if key not in known:
            raise FormatError(f"unknown setting {where!r} (known in this section: {', '.join(known)})", path)
        types = known[key]
        if isinstance(value, bool) and bool not in types or not isinstance(value, types):
            names = " or ".join(t.__name__ for t in types)
            raise FormatError(f"setting {where!r} must be {names}, not {type(value).__name__}", path)
        if (section, key) in _PATHS:
            value = (path.parent / str(value)).resolve()
        if (section, key) in _PATH_LISTS:
            if not all(isinstance(v, str) for v in value):
                raise FormatError(f"setting {where!r} must be a list of file names", path)
            value = tuple((path.parent / v).resolve() for v in value)
        out[(section, key)] = value


def build_config(
    corpus: Path,
    out: Path,
    config_file: Path | None = None,
    overrides: dict[tuple[str, str], Any] | None = None,
) -> RunConfig:
    """Defaults, then ``config_file`` (or ``CORPUS/aligner.toml`` when there is one), then ``overrides``.

    ``overrides`` are the command-line options the user gave, as ``{(section, key): value}``; None values are ignored.
    """
    settings: dict[tuple[str, str], Any] = {}
    if config_file is not None:
        if not Path(config_file).is_file():
            raise InputError("no such configuration file", config_file)
        settings.update(read_settings(Path(config_file)))
    elif (Path(corpus) / CONFIG_NAME).is_file():
        settings.update(read_settings(Path(corpus) / CONFIG_NAME))
    settings.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return config_from_settings(Path(corpus), Path(out), settings)


def config_from_settings(corpus: Path, out: Path, settings: dict[tuple[str, str], Any]) -> RunConfig:
    def section(name: str) -> dict[str, Any]:
        return {k: v for (s, k), v in settings.items() if s == name}

    options = section("translation")
    if not options.pop("mt", True):
        options["model"] = None
    elif options.get("model") is None:
        options["model"] = PAIR_MODEL
    translation = FillOptions(**options)
    if translation.backend not in BACKENDS:
        raise UsageError(f"unknown translation back end {translation.backend!r} (choose from {', '.join(BACKENDS)})")
    if translation.beam < 1:
        raise UsageError("the beam size must be at least 1")
    srx = section("segmentation").get("srx")
    glossary = section("terminology").get("glossary")
    xliff = str(section("outputs").get("xliff", "2.0"))
    executor = str(section("compute").get("executor", "local"))
    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor {executor!r} (choose from {', '.join(EXECUTORS)})")
    if xliff not in XLIFF_VERSIONS:
        raise UsageError(f"unknown XLIFF version {xliff!r} (choose from {', '.join(XLIFF_VERSIONS)})")
    return RunConfig(
        corpus=Path(os.path.abspath(corpus)),
        out=Path(os.path.abspath(out)),
        jobs=max(1, int(section("").get("jobs", default_jobs()))),
        srx=None if srx is None else Path(os.path.abspath(srx)),
        translation=translation,
        glossary=None if glossary is None else Path(os.path.abspath(glossary)),
        gates=GateSettings(**section("gates")),
        xliff=xliff,
        release_tmx=bool(section("outputs").get("release_tmx", False)),
        lexicons=tuple(Path(os.path.abspath(p)) for p in section("alignment").get("lexicons", ())),
        align_mt=bool(section("alignment").get("translate", True)),
        pivot=check_language(section("languages").get("pivot", "en")),
        langs=_langs(section("languages").get("langs")),
        executor=executor,
        scheduler=section("compute").get("scheduler"),
    )


def _langs(value: Any) -> tuple[str, ...] | None:
    """Translation languages: a list, or text like ``"fr,de"`` from the command line."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    langs = tuple(dict.fromkeys(check_language(str(x)) for x in items if str(x).strip()))
    if not langs:
        raise UsageError("no language given to --langs")
    return langs


# ---------------------------------------------------------------- the saved configuration of a run


def save_config(config: RunConfig) -> None:
    atomic_write_text(config.out / SAVED_NAME, json.dumps(config.to_json(), indent=2, ensure_ascii=False) + "\n")


def load_run_config(out: Path) -> RunConfig:
    """The configuration an earlier ``aligner run`` saved in ``out``; none there is an :class:`InputError`."""
    path = Path(out) / SAVED_NAME
    if not path.is_file():
        raise InputError(f"no aligner run here (no {SAVED_NAME}): run `aligner run CORPUS --out {out}` first", out)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("schema") != SAVED_SCHEMA:
            raise ValueError(f"schema {doc.get('schema')!r}, expected {SAVED_SCHEMA!r}")
        settings: dict[tuple[str, str], Any] = {("", "jobs"): doc["jobs"]}
        doc.setdefault("outputs", {})
        doc.setdefault("compute", {})
        doc.setdefault("alignment", {})
        doc.setdefault("languages", {})
        for name in ("translation", "gates", "outputs", "compute", "alignment", "languages"):
            settings.update({(name, k): v for k, v in doc[name].items()})
        if doc["segmentation"]["srx"] is not None:
            settings[("segmentation", "srx")] = doc["segmentation"]["srx"]
        if doc["terminology"]["glossary"] is not None:
            settings[("terminology", "glossary")] = doc["terminology"]["glossary"]
        return config_from_settings(Path(doc["corpus"]), Path(out), settings)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FormatError(f"damaged run configuration ({exc})", path) from None
