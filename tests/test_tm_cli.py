"""``aligner tm`` import (TMX, PO), export filters, search, rebuild, and hostile input, from the command line."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats.tmx import TranslationUnit, read_tmx, write_tmx
from aligner.tm import TranslationMemory

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures" / "tm"


def run(*args):
    return runner.invoke(app, list(map(str, args)))


def one_error_line(res, needle):
    """Exit 1, one line on stderr that says ``needle``, and no traceback."""
    assert res.exit_code == 1, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aligner: error: ") and needle in lines[0], res.stderr
    assert "Traceback" not in res.output
    return lines[0]


def unit(src, tgt, origin="aligned", release="r1", score="0.9000"):
    return TranslationUnit(src, tgt, props=[("x-release", release), ("x-origin", origin), ("x-alignment-score", score)])


# ---------------------------------------------------------------- import


def test_a_translate_toolkit_tmx_is_stored_french_to_english(tmp_path):
    db = tmp_path / "tm.sqlite"
    res = run("tm", "import", FIXTURES / "translate-toolkit.tmx", "--db", db)
    assert res.exit_code == 0 and "4 units read, 3 added, skipped: 1 no fr and en sides" in res.stdout
    res = run("tm", "search", "Le conseil se réunit lundi.", "--db", db, "--json")
    (m,) = json.loads(res.stdout)
    assert (m["tgt"], m["score"], m["src_lang"], m["tgt_lang"]) == ("The council meets on Monday.", 100.0, "fr", "en")
    out = tmp_path / "out.tmx"
    assert run("tm", "export", "--db", db, "-o", out).exit_code == 0
    header, units = read_tmx(out)
    assert header.srclang == "fr" and [u.src_lang[:2] for u in units] == ["fr", "fr", "fr"]
    # the same file into an English -> German memory takes the one unit that has both
    res = run("tm", "import", FIXTURES / "translate-toolkit.tmx", "--db", db, "--src-lang", "en", "--tgt-lang", "de")
    assert "1 added" in res.stdout
    res = run("tm", "search", "Only in English and German.", "--db", db, "--src-lang", "en", "--tgt-lang", "de")
    assert "Nur auf Englisch und Deutsch." in res.stdout


def test_po_import_skips_fuzzy_entries_unless_asked(tmp_path):
    db = tmp_path / "tm.sqlite"
    po = FIXTURES / "gettext-fr.po"
    res = run("tm", "import", po, "--db", db)
    assert res.exit_code == 0, res.output
    assert "6 units read, 2 added, skipped: 1 fuzzy, 1 obsolete, 1 plural forms, 1 untranslated" in res.stdout
    with TranslationMemory(db) as tm:
        # gettext's msgids are English (Language: fr): the units are turned round to the memory's fr -> en
        assert tm.lookup("Le fichier a été enregistré.")[0].tgt == "The file was saved."
        assert tm.lookup("Le fichier n’a pas pu être écrit.", threshold=100) == []
    res = run("tm", "import", po, "--db", db, "--include-fuzzy")
    assert "1 added" in res.stdout
    with TranslationMemory(db) as tm:
        (m,) = tm.lookup("Le fichier n’a pas pu être écrit.")
        assert m.tgt == "The file could not be read." and m.origin == "po-fuzzy"
        # what `aligner run` asks for: a fuzzy PO entry is never an exact memory match
        assert tm.lookup("Le fichier n’a pas pu être écrit.", original_only=True) == []
        (ctx,) = [u for u in tm.units() if u.src == "Ouvrir"]
        assert ctx.props == [("x-po-msgctxt", "menu")] and ctx.notes == ["Translator: the File menu"]


def test_po_languages_come_from_the_header_or_the_options(tmp_path):
    db = tmp_path / "tm.sqlite"
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Bonjour."\nmsgstr "Hello."\n',
        encoding="utf-8",
    )
    one_error_line(run("tm", "import", po, "--db", db), "no Language: give --po-msgstr-lang")
    assert not db.exists()
    res = run("tm", "import", po, "--db", db, "--po-msgstr-lang", "en")
    assert res.exit_code == 0 and "1 added" in res.stdout  # msgid: the other language of the memory's pair
    res = run("tm", "import", po, "--db", db, "--po-msgid-lang", "de", "--po-msgstr-lang", "en")
    assert "0 added, skipped: 1 not fr and en" in res.stdout
    with_source = tmp_path / "ours.po"
    with_source.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: fr\\n"\n"X-Generator: aligner 0.1.0\\n"\n\n'
        "#. bead 3 (1-0), origin mt:opus-mt-fr-en@abc\n#, fuzzy\n"
        'msgid "Le vent souffle."\nmsgstr "The wind blows."\n',
        encoding="utf-8",
    )
    assert "1 added" in run("tm", "import", with_source, "--db", db, "--include-fuzzy").stdout
    with TranslationMemory(db) as tm:
        (u,) = [u for u in tm.units() if u.src == "Le vent souffle."]
        assert u.prop("x-origin") == "mt:opus-mt-fr-en@abc"  # aligner's own PO keeps the origin it wrote


def test_tuv_attributes_survive_import_and_export(tmp_path):
    src = tmp_path / "in.tmx"
    src.write_text(
        '<tmx version="1.4"><header srclang="en"/><body><tu>'
        '<tuv xml:lang="en" changedate="20250607T080910Z" changeid="bob"><seg>Yes.</seg></tuv>'
        '<tuv xml:lang="fr" changedate="20250102T030405Z"><seg>Oui.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    db, out = tmp_path / "tm.sqlite", tmp_path / "out.tmx"
    assert run("tm", "import", src, "--db", db).exit_code == 0
    assert run("tm", "export", "--db", db, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert '<tuv xml:lang="fr" changedate="20250102T030405Z"><seg>Oui.</seg>' in text
    assert '<tuv xml:lang="en" changedate="20250607T080910Z" changeid="bob"><seg>Yes.</seg>' in text


# ---------------------------------------------------------------- export filters and search


@pytest.fixture
def mixed_db(tmp_path):
    db = tmp_path / "tm.sqlite"
    with TranslationMemory(db) as tm:
        tm.add_units(
            [
                unit("Un.", "One.", score="0.9500"),
                unit("Deux.", "Two.", release="r2", score="0.3000"),
                unit("Trois.", "Three.", origin="reviewed", score="1.0000"),
                unit("Quatre.", "Four.", origin="tm-fuzzy:82"),
                unit("Cinq.", "Five.", origin="mt:opus-mt-fr-en@abc"),
                TranslationUnit("Six.", "Six.", props=[("x-origin", "imported")]),
            ]
        )
    return db


@pytest.mark.parametrize(
    "options, expected",
    [
        ([], ["Un.", "Deux.", "Trois.", "Quatre.", "Six."]),
        (["--include-mt"], ["Un.", "Deux.", "Trois.", "Quatre.", "Cinq.", "Six."]),
        (["--origin", "mt"], ["Cinq."]),
        (["--origin", "tm"], ["Quatre."]),
        (["--origin", "tm-fuzzy"], ["Quatre."]),
        (["--origin", "aligned", "--origin", "reviewed"], ["Un.", "Deux.", "Trois."]),
        (["--min-score", "0.5"], ["Un.", "Trois.", "Quatre."]),
        (["--release", "r2"], ["Deux."]),
        (["--release", "r1", "--min-score", "0.99"], ["Trois."]),
    ],
)
def test_export_filters(mixed_db, tmp_path, options, expected):
    out = tmp_path / "out.tmx"
    res = run("tm", "export", "--db", mixed_db, "-o", out, *options)
    assert res.exit_code == 0, res.output
    assert [u.src for u in read_tmx(out)[1]] == expected
    # the note counts the machine translations the other filters would have taken
    assert ("(1 machine translations left out" in res.stdout) == (options in ([], ["--min-score", "0.5"]))


def test_search_shows_a_repeated_unit_once(tmp_path):
    db = tmp_path / "tm.sqlite"
    with TranslationMemory(db) as tm:
        tm.add_units([unit("Merci.", "Thank you.", release=r) for r in ("r1", "r2", "r3")])
    res = run("tm", "search", "Merci.", "--db", db)
    assert res.exit_code == 0 and res.stdout.count("Thank you.") == 1 and "3 units" in res.stdout


HOSTILE = "Titre\x1b]0;pwned\x07 caché\x9b31m \u202eevil\x1b[2J fin"


def test_search_output_cannot_drive_the_terminal(tmp_path):
    db = tmp_path / "tm.sqlite"
    with TranslationMemory(db) as tm:
        tm.add_units([unit(HOSTILE, "Title\x1b[31m red\nsecond line", origin="aligned\x1b[5m")])
    res = run("tm", "search", HOSTILE, "--db", db)
    assert res.exit_code == 0
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in res.stdout
    assert "Titre\\x1b]0;pwned\\x07 caché\\x9b31m \\u202eevil\\x1b[2J fin" in res.stdout
    assert "Title\\x1b[31m red\\nsecond line" in res.stdout and "aligned\\x1b[5m" in res.stdout
    res = run("tm", "search", HOSTILE, "--db", db, "--json")
    assert not any(c in res.stdout for c in ("\x1b", "\x07", "\x9b", "\u202e"))
    assert json.loads(res.stdout)[0]["src"] == HOSTILE


# ---------------------------------------------------------------- hostile files: one line, exit 1, nothing written


def _tmx(tmp_path, name, body_line):
    path = tmp_path / name
    path.write_text(f'<tmx version="1.4"><header srclang="fr"/><body>\n{body_line}\n</body></tmx>', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name, tu, needle",
    [
        ("deep.tmx", "<tu>" + "<hi>" * 5000, ":2: elements nested deeper than 100 levels"),
        (
            "surrogate.tmx",
            '<tu><tuv xml:lang="fr"><seg>caf<ph type="x-aligner-char">U+DC80</ph></seg></tuv>'
            '<tuv xml:lang="en"><seg>cafe</seg></tuv></tu>',
            ":2: text contains U+DC80, a lone surrogate, which the memory cannot store",
        ),
        ("malformed.tmx", "<tu><tuv></tu>", ":2: malformed XML (mismatched tag)"),
        ("entities.tmx", "<!DOCTYPE x [<!ENTITY a 'b'>]>", ":2: malformed XML"),
    ],
)
def test_hostile_tmx_import_is_one_line_and_changes_nothing(tmp_path, name, tu, needle):
    good = _tmx(
        tmp_path, "good.tmx", '<tu><tuv xml:lang="fr"><seg>a</seg></tuv><tuv xml:lang="en"><seg>b</seg></tuv></tu>'
    )
    bad = _tmx(tmp_path, name, tu)
    db = tmp_path / "tm.sqlite"
    line = one_error_line(run("tm", "import", good, bad, "--db", db), needle)
    assert line.startswith(f"aligner: error: {bad}:2: ")
    assert not db.exists()
    assert run("tm", "import", good, "--db", db).exit_code == 0
    one_error_line(run("tm", "import", good, bad, "--db", db), needle)
    with TranslationMemory(db) as tm:
        assert len(tm) == 1  # the transaction with the bad file was rolled back


def corrupt(path):
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(4096)
        fh.write(random.Random(5).randbytes(size - 4096))


def test_a_damaged_memory_is_one_line_until_rebuilt_from_the_runs_tmx(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    write_tmx(out / "memory.tmx", [unit(f"Phrase {k} du rapport.", f"Sentence {k}.") for k in range(400)])
    db = out / "memory.sqlite"
    assert run("tm", "import", out / "memory.tmx", "--db", db).exit_code == 0
    corrupt(db)
    hint = f"aligner tm rebuild --out {out}"
    for args in (
        ["search", "Phrase 3 du rapport."],
        ["export", "-o", tmp_path / "x.tmx"],
        ["import", out / "memory.tmx"],
    ):
        one_error_line(run("tm", *args, "--db", db), hint)
    assert not (tmp_path / "x.tmx").exists()
    res = run("tm", "rebuild", "--out", out)
    assert res.exit_code == 0 and "400 units" in res.stdout and "previous damaged database was kept as" in res.stdout
    (kept,) = [p for p in out.glob("memory.sqlite.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert not Path(f"{db}-wal").exists()  # the damaged file's journal went with it
    res = run("tm", "search", "Phrase 3 du rapport.", "--db", db)
    assert res.exit_code == 0 and "Sentence 3." in res.stdout


def test_aligner_run_on_a_damaged_memory_says_how_to_rebuild_and_then_works(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    out = tmp_path / "out"
    assert run("run", corpus, "--out", out, "-q", "--no-mt").exit_code == 0
    corrupt(out / "memory.sqlite")
    one_error_line(run("run", corpus, "--out", out, "-q", "--no-mt"), f"aligner tm rebuild --out {out}")
    assert run("tm", "rebuild", "--out", out).exit_code == 0
    assert run("run", corpus, "--out", out, "-q", "--no-mt").exit_code == 0


def test_rebuild_needs_its_inputs(tmp_path):
    one_error_line(run("tm", "rebuild", "--out", tmp_path / "none"), "no memory.tmx to rebuild from")
    res = run("tm", "rebuild", tmp_path / "a.tmx")
    assert res.exit_code == 2 and "give the TMX files and --db" in res.stderr


def _body(path):
    text = path.read_text(encoding="utf-8")
    return text[text.index("  <body>") :]


def test_a_runs_memory_exports_byte_for_byte_as_its_tmx(corpus_dir, tmp_path):
    """The memory stores aligner's props and attributes packed (see aligner.tm.packing): they come back exactly."""
    out = tmp_path / "out"
    assert run("run", corpus_dir, "--out", out, "-q", "--no-mt").exit_code == 0
    exported = tmp_path / "exported.tmx"
    assert run("tm", "export", "--db", out / "memory.sqlite", "-o", exported).exit_code == 0
    assert _body(exported) == _body(out / "memory.tmx") and _body(exported).count("<tu ") > 20
    # another tool's units, with props, notes and attributes of their own, come back as they were written
    written, exported_again = tmp_path / "tools.tmx", tmp_path / "again.tmx"
    trados = {"creationdate": "20200101T101010Z", "creationid": "jdoe", "changeid": "bob", "usagecount": "3"}
    write_tmx(
        written,
        [
            TranslationUnit(
                "Oui.", "Yes.", "fr-FR", "en-US", [("x-Domain", "Press")], ["n"], trados, {"changeid": "a"}
            ),
            TranslationUnit("Non.", "No.", props=[("x-origin", "aligned"), ("x-bead", "07")], attrs={"tuid": "u:7"}),
        ],
    )
    db = tmp_path / "tools.sqlite"
    assert run("tm", "import", written, "--db", db).exit_code == 0
    assert run("tm", "export", "--db", db, "-o", exported_again).exit_code == 0
    assert _body(exported_again) == _body(written)
