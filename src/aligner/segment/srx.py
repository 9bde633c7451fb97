"""SRX 2.0 segmentation rules (the format of OmegaT, Okapi, LanguageTool and Trados rule files).

A break is made at a position where a rule's ``beforebreak`` pattern matches the text just before and its
``afterbreak`` pattern the text just after; the first such rule, in file order, decides (``break="yes"`` or ``"no"``).
With ``cascade="yes"`` the rules of every language map matching the language are used, in map order; otherwise only
the first matching map's rules. The patterns are Java regular expressions; the few Java-only constructs in real files
are translated to the ``regex`` module's syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from ..errors import FormatError
from ..xmlsafe import parse_xml

SRX_NS = "http://www.lisa.org/srx20"


@dataclass(frozen=True)
class SrxRule:
    is_break: bool
    pattern: regex.Pattern


@dataclass(frozen=True)
class SrxRules:
    """A parsed SRX file: language rules by name, and the ordered language maps."""

    source: str
    cascade: bool
    rules: dict[str, tuple[SrxRule, ...]]
    maps: tuple[tuple[str, str], ...]  # (languagepattern, languagerulename)

    def rules_for(self, lang: str) -> tuple[SrxRule, ...]:
        selected: list[SrxRule] = []
        for pattern, name in self.maps:
            if _lang_matches(pattern, lang):
                selected.extend(self.rules.get(name, ()))
                if not self.cascade:
                    break
        return tuple(selected)

    def splitter(self, lang: str):
        rules = self.rules_for(lang)
        if not rules:
            raise FormatError(f"no language map matches language {lang!r}", self.source)

        def split(text: str) -> list[int]:
            decided: dict[int, bool] = {}
            for rule in rules:
                for m in rule.pattern.finditer(text, overlapped=False):
                    decided.setdefault(m.start(), rule.is_break)
            return sorted(pos for pos, brk in decided.items() if brk and 0 < pos < len(text))

        return split


def _lang_matches(pattern: str, lang: str) -> bool:
    try:
        rx = regex.compile(pattern)
    except regex.error:
        return False
    variants = {lang, lang.upper(), lang.lower(), lang.replace("_", "-").upper()}
    return any(rx.fullmatch(v) for v in variants)


_HSPACE = " \\t\\u00a0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
_VSPACE = "\\n\\x0b\\f\\r\\x85\\u2028\\u2029"
_CLASS_FIXES = {
    "p{Punct}": r"\p{posix_punct}",
    "p{Alpha}": r"\p{posix_alpha}",
    "p{Alnum}": r"\p{posix_alnum}",
    "p{Upper}": r"\p{posix_upper}",
    "p{Lower}": r"\p{posix_lower}",
    "p{Digit}": r"\p{posix_digit}",
    "p{Space}": r"\s",
}
_QUOTED = regex.compile(r"\\Q(.*?)(?:\\E|$)", regex.S)
_FLAGS = regex.compile(r"\(\?([a-zA-Z]+)\)")


def java_to_python(pattern: str) -> str:
    r"""Translate the Java regular-expression constructs SRX files use into ``regex`` syntax.

    ``\Q…\E`` quoting, ``\h``/``\v`` white-space classes, POSIX ``\p{Punct}``-style classes, and inline flag groups
    (Java's ``(?U)``/``(?u)`` are Python's default; other flags become a scoped group so the pattern can be nested).
    """
    pattern = _QUOTED.sub(lambda m: regex.escape(m.group(1)), pattern)
    flags = ""
    while True:
        m = _FLAGS.match(pattern)
        if not m:
            break
        flags += "".join(ch for ch in m.group(1) if ch in "imsx")
        pattern = pattern[m.end() :]
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "hv":
                chars = _HSPACE if nxt == "h" else _VSPACE
                out.append(chars if in_class else f"[{chars}]")
                i += 2
                continue
            for java, py in _CLASS_FIXES.items():
                if pattern.startswith(java, i + 1):
                    out.append(py)
                    i += 1 + len(java)
                    break
            else:
                out.append(pattern[i : i + 2])
                i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append(r"\]")
                i += 1
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    body = "".join(out)
    return f"(?{flags}:{body})" if flags else body


def _compile_rule(before: str, after: str, path: Path, where: str) -> regex.Pattern:
    b, a = java_to_python(before), java_to_python(after)
    expr = (f"(?<={b})" if b else "") + (f"(?={a})" if a else "")
    try:
        return regex.compile(expr or "(?!)", regex.V1 if "&&" in expr else 0)
    except regex.error as exc:
        raise FormatError(f"bad rule pattern in {where} ({exc})", path) from None


def load_srx(path: str | Path) -> SrxRules:
    """Parse an SRX 2.0 file. Malformed XML or a pattern that does not compile is a :class:`FormatError`."""
    path = Path(path)
    root = parse_xml(path)
    ns = {"s": SRX_NS} if root.tag.startswith("{") else {"s": ""}

    def q(tag: str) -> str:
        return f"{{{SRX_NS}}}{tag}" if ns["s"] else tag

    if root.tag != q("srx"):
        raise FormatError(f"not an SRX file (root element {root.tag!r})", path)
    header = root.find(q("header"))
    cascade = header is not None and header.get("cascade", "no").lower() == "yes"
    rules: dict[str, tuple[SrxRule, ...]] = {}
    for lr in root.iter(q("languagerule")):
        name = lr.get("languagerulename", "")
        compiled = []
        for number, rule in enumerate(lr.findall(q("rule")), 1):
            before = rule.findtext(q("beforebreak")) or ""
            after = rule.findtext(q("afterbreak")) or ""
            where = f"languagerule {name!r}, rule {number}"
            compiled.append(
                SrxRule(rule.get("break", "yes").lower() != "no", _compile_rule(before, after, path, where))
            )
        rules[name] = tuple(compiled)
    maps = tuple((m.get("languagepattern", ""), m.get("languagerulename", "")) for m in root.iter(q("languagemap")))
    if not maps:
        raise FormatError("SRX file has no <languagemap>", path)
    return SrxRules(source=str(path), cascade=cascade, rules=rules, maps=maps)
