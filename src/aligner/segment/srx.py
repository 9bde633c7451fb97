"""SRX 2.0 segmentation rules (the format of OmegaT, Okapi, LanguageTool and Trados rule files), applied as OmegaT 3.6
applies them.

For each rule in order, the positions where the rule applies are found as OmegaT finds them: the successive
(non-overlapping) matches of ``beforebreak`` are scanned, and the rule applies at the end of one when the successive
matches of ``afterbreak`` have one starting exactly there. A position takes the decision (``break="yes"`` or ``"no"``)
of the first rule that applies to it. Language maps: with ``cascade="yes"``, or with no ``cascade`` attribute (as in
OmegaT's own ``defaultRules.srx``, which OmegaT applies with every matching map), the rules of every map whose
``languagepattern`` matches the language are used, in map order; with ``cascade="no"`` only the first matching map's.

User rules run under limits: a pattern is checked before it is compiled (length, nesting, expanded size; see
:mod:`.srx_regex`) and every paragraph has a time budget enforced through the ``regex`` module's ``timeout``. Going over
a limit is a :class:`FormatError` naming the SRX file, the rule (its language rule, number and line) and the pattern.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import regex

from ..errors import FormatError
from ..xmlsafe import parse_xml
from .srx_regex import PatternLimits, java_to_python, limit_error

SRX_NS = "http://www.lisa.org/srx20"

__all__ = ["SrxLimits", "SrxRule", "SrxRules", "SrxSplitter", "java_to_python", "load_srx"]


@dataclass(frozen=True)
class SrxLimits:
    """Limits on a user's rules: pattern shape, and seconds per paragraph (a base plus an allowance per character)."""

    patterns: PatternLimits = PatternLimits()
    seconds_per_paragraph: float = 5.0
    seconds_per_million_chars: float = 60.0

    def budget(self, length: int) -> float:
        return self.seconds_per_paragraph + self.seconds_per_million_chars * length / 1_000_000


@dataclass(frozen=True)
class SrxRule:
    is_break: bool
    before: regex.Pattern | None
    after: regex.Pattern | None
    where: str  # "languagerule 'French', rule 3"
    line: int | None
    source: str  # the Java patterns, for messages: "before | after"
    java: tuple[str, str] = ("", "")  # the patterns as written (beforebreak, afterbreak), for exporting the rules


@dataclass(frozen=True)
class SrxRules:
    """A parsed SRX file: language rules by name, and the ordered language maps."""

    source: str
    cascade: bool
    rules: dict[str, tuple[SrxRule, ...]]
    maps: tuple[tuple[str, str], ...]  # (languagepattern, languagerulename)
    limits: SrxLimits = SrxLimits()
    notes: tuple[str, ...] = ()

    def rules_for(self, lang: str) -> tuple[SrxRule, ...]:
        selected: list[SrxRule] = []
        for pattern, name in self.maps:
            if _lang_matches(pattern, lang):
                selected.extend(self.rules.get(name, ()))
                if not self.cascade:
                    break
        return tuple(selected)

    def splitter(self, lang: str) -> SrxSplitter:
        rules = self.rules_for(lang)
        if not rules:
            raise FormatError(f"no language map matches language {lang!r}", self.source)
        return SrxSplitter(self.source, lang, rules, self.limits)


@dataclass(frozen=True)
class SrxSplitter:
    """The boundary function of an SRX file for one language: ``split(paragraph) -> offsets``."""

    source: str
    lang: str
    rules: tuple[SrxRule, ...]
    limits: SrxLimits = field(default_factory=SrxLimits)

    def __call__(self, text: str) -> list[int]:
        budget = self.limits.budget(len(text))
        deadline = time.monotonic() + budget
        decided: dict[int, bool] = {}
        for rule in self.rules:
            try:
                for pos in _rule_positions(rule, text, deadline):
                    decided.setdefault(pos, rule.is_break)
            except TimeoutError:
                raise FormatError(
                    f"{rule.where} took more than {budget:.1f} s on a paragraph of {len(text)} characters;"
                    f" the pattern {_show(rule.source)} backtracks too much",
                    self.source,
                    rule.line,
                ) from None
        return sorted(pos for pos, brk in decided.items() if brk and 0 < pos < len(text))


def _rule_positions(rule: SrxRule, text: str, deadline: float) -> Iterator[int]:
    """Where ``rule`` applies in ``text``, found the way OmegaT's ``Segmenter.getBreaks`` finds them."""
    if rule.before is None and rule.after is None:
        return
    if rule.before is None:
        # OmegaT's default beforebreak is "." (DOTALL): every position after a character.
        assert rule.after is not None
        for m in rule.after.finditer(text, timeout=_left(deadline)):
            if m.start() >= 1:
                yield m.start()
        return
    befores = rule.before.finditer(text, timeout=_left(deadline))
    if rule.after is None:
        for m in befores:
            yield m.end()
        return
    afters = rule.after.finditer(text, timeout=_left(deadline))
    after = next(afters, None)
    if after is None:
        return
    for m in befores:
        end = m.end()
        while after.start() < end:
            after = next(afters, None)
            if after is None:
                return
        if after.start() == end:
            yield end


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _show(source: str, width: int = 80) -> str:
    return repr(source if len(source) <= width else source[: width - 1] + "…")


def _lang_matches(pattern: str, lang: str) -> bool:
    """OmegaT matches a language map's pattern, case-insensitively, against the whole language code."""
    try:
        rx = regex.compile(pattern, regex.IGNORECASE)
    except (regex.error, RecursionError, OverflowError):
        return False
    variants = {lang, lang.replace("_", "-"), f"{lang}-{lang}".upper()}
    return any(rx.fullmatch(v, timeout=1.0) for v in variants)


def _compile(java: str, limits: SrxLimits, path: Path, where: str, line: int | None) -> regex.Pattern | None:
    if not java:
        return None
    python = java_to_python(java)
    reason = limit_error(python, limits.patterns)
    if reason:
        raise FormatError(f"{where}: pattern {_show(java)} {reason}", path, line)
    try:
        return regex.compile(python, regex.DOTALL | (regex.V1 if "&&" in python else 0))
    except regex.error as exc:
        raise FormatError(f"bad rule pattern in {where}: {_show(java)} ({exc})", path, line) from None
    except (RecursionError, OverflowError, MemoryError):
        raise FormatError(f"{where}: pattern {_show(java)} is too complex to compile", path, line) from None


def load_srx(path: str | Path, limits: SrxLimits | None = None) -> SrxRules:
    """Parse an SRX 2.0 file. Malformed XML, or a pattern that does not compile or is over the limits, is a
    :class:`FormatError` with the file and the line of the rule."""
    path = Path(path)
    limits = limits or SrxLimits()
    root = parse_xml(path)
    ns = SRX_NS if root.tag.startswith("{") else ""

    def q(tag: str) -> str:
        return f"{{{ns}}}{tag}" if ns else tag

    if root.tag != q("srx"):
        raise FormatError(f"not an SRX file (root element {root.tag!r})", path)
    header = root.find(q("header"))
    declared = None if header is None else header.get("cascade")
    notes = () if declared is not None else ("no cascade attribute: every matching language map applies, as in OmegaT",)
    cascade = declared is None or declared.lower() == "yes"
    lines = iter(_rule_lines(path))
    rules: dict[str, tuple[SrxRule, ...]] = {}
    for lr in root.iter(q("languagerule")):
        name = lr.get("languagerulename", "")
        compiled = []
        for number, rule in enumerate(lr.findall(q("rule")), 1):
            line = next(lines, None)
            where = f"languagerule {name!r}, rule {number}"
            before = (rule.findtext(q("beforebreak")) or "").strip("\n\r")
            after = (rule.findtext(q("afterbreak")) or "").strip("\n\r")
            compiled.append(
                SrxRule(
                    is_break=rule.get("break", "yes").lower() != "no",
                    before=_compile(before, limits, path, f"{where} beforebreak", line),
                    after=_compile(after, limits, path, f"{where} afterbreak", line),
                    where=where,
                    line=line,
                    source=f"{before} | {after}",
                    java=(before, after),
                )
            )
        rules[name] = tuple(compiled)
    maps = tuple((m.get("languagepattern", ""), m.get("languagerulename", "")) for m in root.iter(q("languagemap")))
    if not maps:
        raise FormatError("SRX file has no <languagemap>", path)
    return SrxRules(source=str(path), cascade=cascade, rules=rules, maps=maps, limits=limits, notes=notes)


def _rule_lines(path: Path) -> list[int]:
    """The line of every ``<rule>`` element, in document order (the file was already parsed safely)."""
    lines: list[int] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def start(name: str, _attrs: dict) -> None:
        if name.rsplit(" ", 1)[-1] == "rule":
            lines.append(parser.CurrentLineNumber)

    parser.StartElementHandler = start
    try:
        with path.open("rb") as fh:
            parser.ParseFile(fh)
    except expat.ExpatError:
        return []
    return lines
