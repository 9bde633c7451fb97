"""Java regular expressions of SRX files, as the ``regex`` module runs them, and the limits a user's pattern must keep.

OmegaT compiles ``beforebreak`` and ``afterbreak`` with ``java.util.regex`` and the DOTALL flag. Without Java's
``(?U)`` flag, ``\\s``, ``\\w`` and ``\\d`` are ASCII classes there (a no-break space is not ``\\s``), while ``\\p{L}``,
``\\p{Lu}`` and ``\\b`` are Unicode; the translation keeps those meanings. ``\\Q…\\E`` quoting, ``\\h``/``\\v`` and the
POSIX ``\\p{Punct}``-style classes are translated too.

A pattern is refused before it is compiled when it is longer than ``max_pattern_chars``, nests groups deeper than
``max_nesting``, or would expand past ``max_expanded`` characters once its counted repeats are written out
(``((a{200}){200}){200}`` is 8 million): such patterns take gigabytes to compile or overflow the compiler's stack.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_HSPACE = " \\t\\u00a0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
_VSPACE = "\\n\\x0b\\f\\r\\x85\\u2028\\u2029"
# Java's ASCII classes (no (?U) flag), outside and inside a character class.
_ASCII = {
    "s": ("[ \\t\\n\\x0b\\f\\r]", " \\t\\n\\x0b\\f\\r"),
    "S": ("[^ \\t\\n\\x0b\\f\\r]", None),
    "d": ("[0-9]", "0-9"),
    "D": ("[^0-9]", None),
    "w": ("[a-zA-Z0-9_]", "a-zA-Z0-9_"),
    "W": ("[^a-zA-Z0-9_]", None),
}
_CLASS_FIXES = {
    "p{Punct}": r"\p{posix_punct}",
    "p{Alpha}": r"\p{posix_alpha}",
    "p{Alnum}": r"\p{posix_alnum}",
    "p{Upper}": r"\p{posix_upper}",
    "p{Lower}": r"\p{posix_lower}",
    "p{Digit}": r"\p{posix_digit}",
    "p{Space}": r"\s",
    "p{javaLowerCase}": r"\p{Ll}",
    "p{javaUpperCase}": r"\p{Lu}",
    "p{IsAlphabetic}": r"\p{Alphabetic}",
}
_QUOTED = regex.compile(r"\\Q(.*?)(?:\\E|$)", regex.S)
_FLAGS = regex.compile(r"\(\?([a-zA-Z]+)\)")
_REPEAT = regex.compile(r"\{(\d+)(?:,(\d*))?\}")


@dataclass(frozen=True)
class PatternLimits:
    max_pattern_chars: int = 20_000
    max_nesting: int = 40
    max_expanded: int = 200_000


def java_to_python(pattern: str) -> str:
    r"""Translate a Java pattern of an SRX file into ``regex`` syntax with the same meaning."""
    pattern = _QUOTED.sub(lambda m: regex.escape(m.group(1)), pattern)
    flags = ""
    while m := _FLAGS.match(pattern):
        flags += m.group(1)
        pattern = pattern[m.end() :]
    unicode_classes = "U" in flags
    scoped = "".join(ch for ch in flags if ch in "imsx")
    body = _translate_escapes(pattern, unicode_classes)
    return f"(?{scoped}:{body})" if scoped else body


def _translate_escapes(pattern: str, unicode_classes: bool) -> str:
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            step, text = _escape(pattern, i, in_class, unicode_classes)
            out.append(text)
            i += step
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
        elif ch == "[" and in_class:
            out.append(r"\[")  # Java's nested class union is rare in SRX; a literal bracket is the safe reading
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _escape(pattern: str, i: int, in_class: bool, unicode_classes: bool) -> tuple[int, str]:
    """(characters consumed, replacement) for the escape at ``pattern[i]``."""
    nxt = pattern[i + 1]
    if nxt in "hv":
        chars = _HSPACE if nxt == "h" else _VSPACE
        return 2, chars if in_class else f"[{chars}]"
    if nxt in _ASCII and not unicode_classes:
        outside, inside = _ASCII[nxt]
        if not in_class:
            return 2, outside
        if inside is not None:
            return 2, inside
    for java, py in _CLASS_FIXES.items():
        if pattern.startswith(java, i + 1):
            return 1 + len(java), py
    return 2, pattern[i : i + 2]


def limit_error(pattern: str, limits: PatternLimits) -> str | None:
    """Why ``pattern`` (Python syntax) is over ``limits``, or None."""
    if len(pattern) > limits.max_pattern_chars:
        return f"is longer than {limits.max_pattern_chars} characters"
    depth, expanded = _shape(pattern, limits.max_expanded)
    if depth > limits.max_nesting:
        return f"nests groups {depth} deep (limit {limits.max_nesting})"
    if expanded > limits.max_expanded:
        return f"expands to more than {limits.max_expanded} characters with its counted repeats"
    return None


def _shape(pattern: str, cap: int) -> tuple[int, int]:
    """(deepest group nesting, size with counted repeats written out, capped just above ``cap``)."""
    stack = [[0, 0]]  # per open group: [size so far, size of the last atom]
    depth = max_depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        atom = 1
        if ch == "\\":
            i += 2
            if i < len(pattern) and pattern[i - 1] in "pPNx" and pattern[i] == "{":
                i = pattern.find("}", i) + 1 or len(pattern)
        elif ch == "[":
            i = _class_end(pattern, i)
        elif ch == "(":
            stack.append([0, 0])
            depth += 1
            max_depth = max(max_depth, depth)
            i += 1
            continue
        elif ch == ")" and len(stack) > 1:
            atom = stack.pop()[0]
            depth -= 1
            i += 1
        elif ch == "{" and (m := _REPEAT.match(pattern, i)):
            low, high = int(m.group(1)), m.group(2)
            times = max(low, int(high) if high else low + 1, 1)
            frame = stack[-1]
            grown = min(frame[1] * times, cap + 1)
            frame[0] = min(frame[0] + grown - frame[1], cap + 1)
            frame[1] = grown
            i = m.end()
            continue
        else:
            i += 1
        frame = stack[-1]
        frame[0] = min(frame[0] + atom, cap + 1)
        frame[1] = atom
    return max_depth, stack[0][0] if len(stack) == 1 else max(f[0] for f in stack)


def _class_end(pattern: str, i: int) -> int:
    """Index just past the character class that opens at ``pattern[i]``."""
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1
