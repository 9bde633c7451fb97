"""Aligner's built-in rules written as an SRX 2.0 file that OmegaT 3.6 applies (issue #16).

OmegaT applies the rules of every matching language map in order and the first rule that applies to a position
decides; a rule applies where its ``beforebreak`` ends and its ``afterbreak`` starts (see :mod:`.srx`). The built-in
decisions of :mod:`.rules` become such rules: exceptions first (an ellipsis in brackets, a quotation followed by who
said it, then one group per kind of word before a period: never final, before a number, initials, one-letter words,
numbers, months, abbreviations that end a sentence only before a typical opener, dotted acronyms), and last the
general rule, a terminator with its closing quotes and brackets, white space, and the start of a sentence. Every
``beforebreak`` runs to the end of the white space, so OmegaT breaks where aligner does, before the next sentence.

The patterns are Java regular expressions that keep their meaning in the ``regex`` module, so aligner's own SRX
engine gives what OmegaT gives. What SRX cannot say is approximated: aligner's 64-character windows are not bounded,
and Chinese quotation marks typed the wrong way round (which aligner tracks with a count) are read as typed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .lexicon import Lexicon
from .rules import CLOSERS, LANGUAGES, OPENERS, TERMINATORS, LanguageRules

# Python's str.isspace() characters, in Java syntax.
WS = r"[\t\n\x0B\f\r\x1C-\x1F \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
TOKEN_CHAR = r"[\p{L}\p{N}°.\-]"
TOKEN_START = r"(?<![\p{L}\p{N}°.\-])[.\-]*"  # a whole token, as aligner strips its leading periods and hyphens
QUOTES = '«“‘"„‚»›'
DASHES = "–—-"


def _cls(chars: str, negate: bool = False) -> str:
    """A Java character class of ``chars`` (ASCII punctuation escaped)."""
    body = "".join(f"\\{c}" if c.isascii() and not c.isalnum() else c for c in chars)
    return f"[{'^' if negate else ''}{body}]"


def _alt(words) -> str:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return (
        "(?:" + "|".join("".join(f"\\{c}" if c.isascii() and not c.isalnum() else c for c in w) for w in ordered) + ")"
    )


TERM = _cls(TERMINATORS)
SENTENCE_START = (
    r"(?:[\p{Lu}\p{Lt}\p{Nd}\p{No}]|(?!" + _cls(DASHES) + _cls(OPENERS + " ") + r"{0,3}\p{Ll})" + _cls(OPENERS) + ")"
)


def _word_follows(words, quotes: bool = False) -> str:
    """The next sentence starts with one of ``words`` (past opening quotes and brackets), or with a quotation."""
    word = f"{_cls(OPENERS)}*{_alt(words)}(?![\\p{{L}}\\p{{N}}])"
    return f"(?:{word}|{_cls(QUOTES)})" if quotes else word


def language_rules(rules: LanguageRules) -> list[tuple[bool, str, str]]:
    """(break?, beforebreak, afterbreak) in the order OmegaT must try them."""
    lex = rules.lexicon
    closer = _cls(CLOSERS) + (f"|{WS}»" if rules.spaced_closing_guillemet else "")
    # After a period, white space starts the next sentence unless a closing mark follows (French ". »" included).
    space = (f"(?!{WS}»)" if rules.spaced_closing_guillemet else "") + f"{WS}+"

    def period(token: str) -> str:  # a whole token and a single period: where aligner looks at the word
        return f"{TOKEN_START}{token}\\.{space}"

    opener_next = _word_follows(lex.openers, quotes=True)
    digit_next = _cls(OPENERS) + r"*\p{Nd}"
    out: list[tuple[bool, str, str]] = [(False, f"[(\\[](?:…|\\.{{2,}})(?:{closer}|{TERM})*[)\\]]{WS}+", "")]
    if lex.attribution:
        out.append((False, f"{TERM}*[?!](?:{closer}|{TERM})*(?:{closer}){WS}+", _attribution(lex)))
    single = r"[\p{L}\p{N}°]"
    out.append((True, f"{single}['’/]{single}\\.{space}", SENTENCE_START))  # Sainsbury's. Wayde’a. km/h.
    if lex.never_final:
        out.append((False, period(_alt(lex.never_final)), ""))
    out.append((False, period(_alt(lex.before_number)), digit_next))
    out += _initials(lex, period, space)
    out.append((False, f"^{WS}*\\p{{Nd}}{{1,2}}\\.{space}", ""))  # "1. Introduction" opening a paragraph
    if rules.ordinal_period:
        months = _alt(lex.months)
        out.append((False, period(r"\p{Nd}+"), f"{_cls(OPENERS)}*(?:\\p{{Ll}}|{months}(?![\\p{{L}}\\p{{N}}]))"))
        standalone = f"(?:^|(?<={WS[:-1]}(\\[]))\\p{{Nd}}{{1,3}}\\.{space}"
        out += [(True, standalone, opener_next), (False, standalone, "")]
    if lex.months:
        out += [(False, period(_alt(lex.months)), digit_next), (True, period(_alt(lex.months)), SENTENCE_START)]
    acronym = r"(?:[\p{L}\p{N}°\-]{1,2}\.+)+[\p{L}\p{N}°\-]{1,2}"
    for token in (_alt(lex.maybe_final), acronym):
        out += [(True, period(token), opener_next), (False, period(token), "")]
    # Atomic, as aligner's scan over closing marks never gives a character back.
    extension = f"(?>(?:(?:{closer})(?:{closer}|{TERM})*)?)"
    out.append((True, f"{TERM}++{extension}{WS}+", SENTENCE_START))
    return out


def _attribution(lex: Lexicon) -> str:
    """ "Ready?" CNN reported. OmegaT looks for afterbreak matches one after the other, so this one may only start
    right after white space and never runs over a terminator: no match can begin before the break and hide it."""
    word, gap = r"[\p{L}\p{N}]+", f"[^\\p{{L}}\\p{{N}}{TERMINATORS}]+"
    said = f"{_alt(lex.attribution)}(?![\\p{{L}}\\p{{N}}])"
    first = f"(?!{_alt(lex.openers)}(?![\\p{{L}}\\p{{N}}])){word}"
    return f"(?<={WS}){_cls(OPENERS)}*{first}(?:{gap}{word}){{0,2}}?{gap}{said}"


def _initials(lex: Lexicon, period, space: str) -> list[tuple[bool, str, str]]:
    long_opener = _word_follows([w for w in lex.openers if len(w) > 1])
    out = [
        # "vitamin C. It" and "I. A. Ahora": a lone capital ends the sentence before a typical opener.
        (True, f"\\p{{Ll}}{WS}+\\p{{Lu}}\\.{space}", long_opener),
        (True, f"(?<![\\p{{L}}\\p{{N}}])\\p{{Lu}}\\.{WS}+\\p{{Lu}}\\.{space}", long_opener),
        (False, period(r"\p{Lu}"), ""),
    ]
    letters = {w for w in lex.maybe_final if len(w) == 1 and w.isalpha()}
    if letters:
        out += [
            (True, period(_alt(letters)), _word_follows(lex.openers, quotes=True)),
            (False, period(_alt(letters)), ""),
        ]
    if lex.final_letters:
        out.append((True, period(_alt(lex.final_letters)), SENTENCE_START))
    out.append((False, period(r"\p{L}"), ""))
    return out


def chinese_rules() -> list[tuple[bool, str, str]]:
    closers = "”’」』）》〉】〕〗)]］｝"
    term = r"(?:[。！？]+[!?]*|[!?]+(?=[\p{IsHan}“「『”」』\"])|(?<=\p{IsHan})\.(?=" + WS + r"*[\p{IsHan}“「『]))"
    # Who said it; like _attribution, no match may start before the break (on a closing mark or white space).
    first = _cls("。！？!?“「『\"' \t\xa0\u3000" + closers, negate=True)
    said = first + r"[^。！？“”「」『』\"]{0,9}?(?:说|道|表示|称|指出|问|报道)。"
    start = r"[\p{IsHan}“「『（(《\p{N}\p{Lu}\"]"
    return [
        (False, f"{term}{_cls(closers)}*[”」』\"“']{WS}*", said),
        (True, f"{term}{_cls(closers)}*{WS}*", start),
    ]


def export_srx(lang: str) -> str:
    """An SRX 2.0 document with aligner's built-in rules for ``lang`` (an ISO 639-1 code)."""
    from . import language_code

    code = language_code(lang)
    rules = chinese_rules() if code == "zh" else language_rules(LANGUAGES[code])
    name = f"aligner-{code}"
    body = "\n".join(_rule_xml(brk, before, after) for brk, before, after in rules)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- aligner's built-in segmentation rules for {code}, written for OmegaT 3.6 (aligner.segment.srx_export). -->
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes">
    <formathandle type="start" include="no"/>
    <formathandle type="end" include="yes"/>
    <formathandle type="isolated" include="yes"/>
  </header>
  <body>
    <languagerules>
      <languagerule languagerulename="{name}">
{body}
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="{code.upper()}.*" languagerulename="{name}"/>
    </maprules>
  </body>
</srx>
"""


def _rule_xml(is_break: bool, before: str, after: str) -> str:
    parts = [f'        <rule break="{"yes" if is_break else "no"}">']
    parts.append(f"          <beforebreak>{escape(before)}</beforebreak>")
    parts.append(f"          <afterbreak>{escape(after)}</afterbreak>")
    parts.append("        </rule>")
    return "\n".join(parts)


def export_omegat_conf(lang: str) -> str:
    """The same rules as OmegaT 3.6's project file ``omegat/segmentation.conf`` (the java.beans XML that OmegaT 3.x
    reads instead of SRX; OmegaT 4 and later read ``omegat/segmentation.srx``, which :func:`export_srx` writes)."""
    from . import language_code

    code = language_code(lang)
    return omegat_conf(chinese_rules() if code == "zh" else language_rules(LANGUAGES[code]), code)


def omegat_conf(rules: list[tuple[bool, str, str]], code: str) -> str:
    """An OmegaT 3.6 ``segmentation.conf`` applying ``rules`` ((break?, beforebreak, afterbreak) in order, Java
    patterns) to language ``code``; used for aligner's own rules and for an SRX file a run was given."""
    items = "\n".join(_bean_rule(brk, before, after) for brk, before, after in rules)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<java version="1.8.0" class="java.beans.XMLDecoder">
 <object class="org.omegat.core.segmentation.SRX">
  <void property="mappingRules">
   <object class="java.util.ArrayList">
    <void method="add">
     <object class="org.omegat.core.segmentation.MapRule">
      <void property="language"><string>aligner-{code}</string></void>
      <void property="pattern"><string>{code.upper()}.*</string></void>
      <void property="rules">
       <object class="java.util.ArrayList">
{items}
       </object>
      </void>
     </object>
    </void>
   </object>
  </void>
  <void property="segmentSubflows"><boolean>true</boolean></void>
  <void property="version"><string>0.2.2</string></void>
 </object>
</java>
"""


def _bean_rule(is_break: bool, before: str, after: str) -> str:
    props = [f'<void property="breakRule"><boolean>{"true" if is_break else "false"}</boolean></void>']
    for name, value in (("beforebreak", before), ("afterbreak", after)):
        if value:
            props.append(f'<void property="{name}"><string>{escape(value)}</string></void>')
    inner = "".join(props)
    return f'        <void method="add"><object class="org.omegat.core.segmentation.Rule">{inner}</object></void>'
