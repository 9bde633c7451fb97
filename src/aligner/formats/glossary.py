"""Glossaries in the formats terminologists keep: OmegaT tab-separated text, CSV with a header, TBX (basic).

- OmegaT TSV: ``source<TAB>target<TAB>comment``; one line per target (several lines may share a source). A comment
  that says ``forbidden``/``deprecated`` marks the target forbidden; ``DNT``/``do not translate`` (or a target equal to
  the source) marks a do-not-translate entry. ``#`` lines are comments.
- CSV: a header naming ``source`` and ``target`` columns, optional ``status`` (``approved``, ``forbidden``,
  ``deprecated``, ``dnt``) and ``comment``; ``target`` may hold several terms separated by ``|``.
- TBX: ``termEntry`` > ``langSet xml:lang`` > ``tig``/``ntig`` > ``term``; an English term whose
  ``administrativeStatus`` is ``deprecatedTerm-admn-sts`` or ``supersededTerm-admn-sts`` is forbidden; an entry whose
  English term equals the French one is do-not-translate.
Writing: OmegaT TSV and TBX (for term candidates).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from ..errors import FormatError
from ..model import Term
from ..textio import read_text

FORBIDDEN_WORDS = ("forbidden", "deprecated", "do not use", "interdit", "à éviter")
DNT_WORDS = ("dnt", "do not translate", "ne pas traduire")


def load_glossary(path: str | Path) -> list[Term]:
    """Read a glossary by its extension (.txt/.tsv/.utf8, .csv, .tbx/.xml)."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext in (".tbx", ".xml"):
        return _merge(_read_tbx(path))
    text = read_text(path)
    if ext == ".csv":
        return _merge(_read_csv(text, path))
    return _merge(_read_tsv(text, path))


def _merge(terms: Iterable[Term]) -> list[Term]:
    by_src: dict[str, Term] = {}
    for t in terms:
        cur = by_src.get(t.source)
        if cur is None:
            by_src[t.source] = t
            continue
        cur.targets += [x for x in t.targets if x not in cur.targets]
        cur.forbidden += [x for x in t.forbidden if x not in cur.forbidden]
        cur.dnt = cur.dnt or t.dnt
    return list(by_src.values())


def _classify(source: str, target: str, flag: str, line: int | None) -> Term:
    f = flag.strip().lower()
    if any(w in f for w in DNT_WORDS) or (target and target == source):
        return Term(source, [], [], True, flag, line)
    if any(w in f for w in FORBIDDEN_WORDS):
        return Term(source, [], [target], False, flag, line)
    return Term(source, [target], [], False, flag, line)


def _read_tsv(text: str, path: Path) -> list[Term]:
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
            raise FormatError("expected source<TAB>target[<TAB>comment]", path, n)
        out.append(_classify(cols[0].strip(), cols[1].strip(), cols[2] if len(cols) > 2 else "", n))
    return out


def _csv_rows(text: str, path: Path) -> list[list[str]]:
    """Every row; a field over the csv module's limit (131,072 characters), a NUL or a stray quote is one error."""
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        raise FormatError(f"malformed CSV ({exc})", path, reader.line_num) from None
    return rows


def _read_csv(text: str, path: Path) -> list[Term]:
    rows = _csv_rows(text, path)
    if not rows:
        raise FormatError("empty CSV glossary", path, 1)
    header = [h.strip().lower() for h in rows[0]]
    if "source" not in header or "target" not in header:
        raise FormatError("CSV header must name 'source' and 'target' columns", path, 1)
    idx = {h: k for k, h in enumerate(header)}
    out = []
    for n, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            raise FormatError(f"expected {len(header)} columns, found {len(row)}", path, n)
        src = row[idx["source"]].strip()
        if not src:
            raise FormatError("empty source term", path, n)
        status = row[idx["status"]] if "status" in idx else ""
        comment = row[idx["comment"]] if "comment" in idx else ""
        for tgt in (t.strip() for t in row[idx["target"]].split("|")):
            if tgt or "dnt" in status.lower():
                out.append(_classify(src, tgt, f"{status} {comment}", n))
    return out


def _read_tbx(path: Path) -> list[Term]:
    from ..xmlsafe import parse_xml

    root = parse_xml(path)
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    out = []
    entries = [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("termEntry", "conceptEntry")]
    for k, entry in enumerate(entries, 1):
        langs: dict[str, list[tuple[str, str]]] = {}
        for ls in entry:
            if ls.tag.rsplit("}", 1)[-1] != "langSet":
                continue
            lang = (ls.get(xml_lang) or ls.get("lang") or "").lower().split("-")[0]
            for node in ls.iter():
                if node.tag.rsplit("}", 1)[-1] in ("tig", "ntig", "termSec"):
                    term = next((x.text or "" for x in node.iter() if x.tag.rsplit("}", 1)[-1] == "term"), "")
                    status = " ".join((x.text or "") for x in node.iter() if x.tag.rsplit("}", 1)[-1] == "termNote")
                    if term.strip():
                        langs.setdefault(lang, []).append((term.strip(), status))
        if "fr" not in langs:
            continue
        if "en" not in langs:
            raise FormatError(f"termEntry number {k} has French but no English term", path)
        for fr, _ in langs["fr"]:
            for en, status in langs["en"]:
                flag = "forbidden" if ("deprecated" in status or "superseded" in status) else status
                out.append(_classify(fr, en, flag, None))
    return out


def write_omegat_tsv(rows: Iterable[tuple[str, str, str]]) -> str:
    return "".join(f"{s}\t{t}\t{c}\n" for s, t, c in rows)


def write_tbx(rows: Iterable[tuple[str, str, str]]) -> str:
    from .tmx import escape

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en">\n',
        "  <martifHeader><fileDesc><sourceDesc><p>aligner term candidates</p></sourceDesc></fileDesc>"
        "</martifHeader>\n  <text><body>\n",
    ]
    for k, (s, t, c) in enumerate(rows, 1):
        out.append(
            f'    <termEntry id="c{k}"><descrip type="definition">{escape(c)}</descrip>'
            f'<langSet xml:lang="fr"><tig><term>{escape(s)}</term></tig></langSet>'
            f'<langSet xml:lang="en"><tig><term>{escape(t)}</term></tig></langSet></termEntry>\n'
        )
    out.append("  </body></text>\n</martif>\n")
    return "".join(out)
