"""Built-in sentence boundary rules for Chinese: no space between sentences, full-width punctuation.

A sentence ends after ``。``, ``！`` or ``？`` (or a run of them; or ASCII ``!``, ``?``, ``.`` between Chinese
characters) and the closing quotes and brackets that follow (``”``, ``’``, ``」``, ``』``, ``）``, ``》``). A ``“`` or an
ASCII quote right after the terminator, while a quotation of the sentence is still open, is a closing quote typed the
wrong way and stays with the sentence. A terminator followed by a comma or another closing mark does not end the
sentence, nor does a quotation followed by who said it (``“……。”他说。``). The scan keeps a running count of open
quotations since the last boundary, so it is linear in the length of the text and its decisions are local.
"""

from __future__ import annotations

import regex

CJK_CLOSERS = "”’」』）》〉】〕〗)]］｝"
OPEN_QUOTES = "“「『"
CLOSE_QUOTES = "”」』"
# Quotation marks typed either way round: ASCII quotes, and “ where ” was meant.
AMBIGUOUS_QUOTES = "\"“'"
# Marks that continue a sentence when they follow a terminator and its closers.
_CONTINUES = "，、：；,;:" + CJK_CLOSERS
# Full-width terminators, or ASCII ! ? (which also end Latin words such as "Yahoo!") and . when Chinese text follows.
_CANDIDATE = regex.compile(r"[。！？]+[!?]*|[!?]+(?=[\p{Han}“「『”」』\"])|(?<=\p{Han})\.(?=\s*[\p{Han}“「『])")
_SENTENCE_START = regex.compile(r"[\p{Han}“「『（(《\p{N}\p{Lu}\"]")
_QUOTE = regex.compile(r"[“”「」『』\"]")
# “……。”他说。 — a quotation followed by who said it is one sentence.
_ATTRIBUTION = regex.compile(r"[^。！？“”「」『』\"]{1,10}?(?:说|道|表示|称|指出|问|报道)。")


def cjk_boundaries(text: str) -> list[int]:
    """Offsets in ``text`` (one paragraph of Chinese) where a new sentence starts, excluding 0."""
    cuts: list[int] = []
    n = len(text)
    depth = 0  # quotations opened and not yet closed
    counted = 0  # quotes are counted up to this offset
    last_j = -1
    for m in _CANDIDATE.finditer(text):
        start, end = m.span()
        if start < last_j:
            continue
        depth = _count_quotes(text, counted, end, depth)
        j = end
        while j < n:
            ch = text[j]
            if ch in CJK_CLOSERS:
                depth = max(0, depth - 1) if ch in CLOSE_QUOTES else depth
            elif ch in AMBIGUOUS_QUOTES and depth > 0:
                depth -= 1
            else:
                break
            j += 1
        counted = last_j = j
        k = j
        while k < n and text[k].isspace():
            k += 1
        if k >= n or text[k] in _CONTINUES or not _SENTENCE_START.match(text, k):
            continue
        if j > end and text[j - 1] in CLOSE_QUOTES + AMBIGUOUS_QUOTES and _ATTRIBUTION.match(text, k, min(n, k + 16)):
            continue
        cuts.append(k)
        depth = 0
    return cuts


def _count_quotes(text: str, a: int, b: int, depth: int) -> int:
    for q in _QUOTE.finditer(text, a, b):
        ch = q.group()
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES or depth > 0:
            depth = max(0, depth - 1)
        else:
            depth += 1  # an ASCII quote with none open opens one
    return depth
