"""PO files: what translators and msgfmt expect."""

from __future__ import annotations

import pytest

from aligner.errors import FormatError
from aligner.formats.po import read_po, render_po
from aligner.model import Origin, ReleaseUnit

from .tools import msgfmt_check


def U(bead, src, tgt, origin="aligned", score=0.9, kind="1-1"):
    kind_of, detail = Origin.parse(origin)
    return ReleaseUnit("news_1", bead, src, tgt, score, kind, kind_of, bead + 2, "20260127T081500Z", detail)


def test_po_entries_carry_score_reference_and_flags(tmp_path):
    units = [
        U(0, "Titre du communiqué", "Release headline"),
        U(1, "Merci.", "Thank you."),
        U(2, "Une phrase sans équivalent.", None, origin="none", kind="1-0"),
        U(3, "Merci.", "Thanks."),
        U(4, "Traduit par la machine.", "Translated by the machine.", origin="mt:opus-mt-fr-en@abc123"),
    ]
    text = render_po(units, "news_1", "fr/news_1.txt", "20260127T081500Z")
    path = tmp_path / "news_1.po"
    path.write_text(text, encoding="utf-8")
    res = msgfmt_check(path)
    assert res.returncode == 0, res.stderr
    assert '"Language: en\\n"' in text and '"Content-Type: text/plain; charset=UTF-8\\n"' in text
    assert "#. alignment score 0.9000" in text and "#: fr/news_1.txt:2" in text
    entries = read_po(path)
    assert [(c, i, s) for c, i, s, _ in entries][:3] == [
        (None, "Titre du communiqué", "Release headline"),
        ("news_1:1", "Merci.", "Thank you."),
        (None, "Une phrase sans équivalent.", ""),
    ]
    assert entries[3][0] == "news_1:3"
    assert entries[4][3] == ["fuzzy"] and entries[0][3] == []


def test_malformed_po_names_file_and_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\ngarbage here\n', encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_po(path)
    assert info.value.path == str(path) and info.value.line == 6 and "malformed PO" in str(info.value)
