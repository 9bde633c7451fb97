"""PO files: what translators and msgfmt expect."""

from __future__ import annotations

import subprocess

import polib
import pytest

from aligner.errors import FormatError
from aligner.formats.po import read_po, render_po
from aligner.model import Origin, ReleaseUnit

from .tools import msgfmt_check, need


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
    assert "#. bead 0 (1-1), origin aligned, alignment score 0.9000" in text and "#: fr/news_1.txt:2" in text
    entries = read_po(path)
    assert [(c, i, s) for c, i, s, _ in entries][:3] == [
        (None, "Titre du communiqué", "Release headline"),
        (None, "Merci.", "Thank you."),
        (None, "Une phrase sans équivalent.", ""),
    ]
    assert entries[3][0] == "occurrence 2"  # the second "Merci."
    assert entries[4][3] == ["fuzzy"] and entries[0][3] == []


def test_low_confidence_and_fuzzy_memory_fills_are_fuzzy_with_the_memorys_french(tmp_path):
    fuzzy = ReleaseUnit(
        "r",
        1,
        "Le 19 mars, tous guéris.",
        "On 19 March, all had recovered.",
        0.9,
        "1-0",
        Origin.TM_FUZZY,
        3,
        "20260127T081500Z",
        "82",
        fill_source="Le 19 mars, ils étaient tous guéris.",
    )
    units = [U(0, "Une paire douteuse.", "A doubtful pair.", score=0.3), fuzzy, U(2, "Relu.", "Reviewed.", "reviewed")]
    path = tmp_path / "r.po"
    path.write_text(render_po(units, "r", "fr/r.txt", "20260127T081500Z"), encoding="utf-8")
    assert msgfmt_check(path).returncode == 0
    po = {e.msgid: e for e in polib.pofile(str(path))}
    assert po["Une paire douteuse."].flags == ["fuzzy"] and po["Relu."].flags == []
    assert po["Le 19 mars, tous guéris."].previous_msgid == "Le 19 mars, ils étaient tous guéris."


def test_msgmerge_keeps_translations_when_a_sentence_is_inserted(tmp_path):
    """A translator's PO survives an update of the release: contexts do not shift when sentences are inserted."""
    old = [U(0, "Titre.", "Title."), U(1, "Merci.", "Thanks."), U(2, "Fin.", "End."), U(3, "Merci.", "Thanks again.")]
    new = [U(0, "Titre.", None, origin="none"), U(1, "Une phrase ajoutée.", None, origin="none")] + [
        U(k + 1, u.src, None, origin="none") for k, u in enumerate(old[1:], 1)
    ]
    (tmp_path / "old.po").write_text(render_po(old, "r", "fr/r.txt", "20260127T081500Z"), encoding="utf-8")
    (tmp_path / "new.pot").write_text(render_po(new, "r", "fr/r.txt", "20260128T081500Z"), encoding="utf-8")
    res = subprocess.run(
        [
            need("msgmerge"),
            "--no-fuzzy-matching",
            "-o",
            str(tmp_path / "merged.po"),
            str(tmp_path / "old.po"),
            str(tmp_path / "new.pot"),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    merged = {(e.msgctxt, e.msgid): (e.msgstr, e.flags) for e in polib.pofile(str(tmp_path / "merged.po"))}
    assert merged[(None, "Merci.")] == ("Thanks.", [])
    assert merged[("occurrence 2", "Merci.")] == ("Thanks again.", [])
    assert merged[(None, "Fin.")] == ("End.", []) and merged[(None, "Une phrase ajoutée.")] == ("", [])


def test_malformed_po_names_file_and_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\ngarbage here\n', encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_po(path)
    assert info.value.path == str(path) and info.value.line == 6 and "malformed PO" in str(info.value)
