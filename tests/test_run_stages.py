"""The stages of ``aligner run`` one at a time: figures, corrections, apply with the run's settings, one read per file."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from aligner.errors import AlignerError
from aligner.formats.tmx import read_tmx
from aligner.model import Bead, Fill, Origin, Sentence
from aligner.run import RunConfig, run_corpus
from aligner.run.apply import apply_corrections
from aligner.run.cache import ReleaseData
from aligner.run.corrections import CorrectedBead, check_corrections, parse_corrections
from aligner.run.reporting import release_stats
from aligner.run.review import export_corrections
from aligner.translate.fill import FillOptions
from aligner.units import apply_fills, release_units

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"


def sentences(text: str) -> list[Sentence]:
    """One sentence per line of ``text``."""
    out, pos = [], 0
    for k, line in enumerate(text.split("\n")):
        out.append(Sentence(line, k, pos, pos + len(line)))
        pos += len(line) + 1
    return out


FR = "Titre.\nUne phrase.\nDeux phrases.\nSans équivalent."
EN = "Title.\nOne sentence.\nTwo sentences."


def data(beads: list[Bead]) -> ReleaseData:
    return ReleaseData("r", "k", "20260101T000000Z", sentences(FR), sentences(EN), beads, {"calibration": {"x": 1}})


def test_release_figures_count_beads_low_confidence_and_what_is_left():
    d = data([Bead((0,), (0,), 0.95), Bead((1, 2), (1, 2), 0.4), Bead((3,), (), 0.9)])
    units = release_units("r", FR, d.src, EN, d.tgt, d.all_beads(), d.created)
    stats = release_stats(d, units, "machine translation switched off (--no-mt)")
    a = stats.alignment
    assert a is not None and a.beads == 3 and a.beads_by_type == {"1-0": 1, "1-1": 1, "2-2": 1}
    assert a.aligned_sentences == 1 and a.aligned_share == 0.25  # the 2-2 bead is below 0.5
    assert a.low_confidence == [1] and a.calibration == {"x": 1}
    assert stats.untranslated_sentences == 1 and stats.untranslated[0].line == 4
    assert stats.untranslated[0].reason == "no English counterpart; machine translation switched off (--no-mt)"
    assert stats.no_counterpart == [(2, "Sans équivalent.")]
    filled = apply_fills(units, {2: Fill("Without equivalent.", Origin.MT, "m@1")})
    stats = release_stats(d, filled)
    assert stats.untranslated_sentences == 0 and stats.filled_sentences == {"mt": 1}
    assert stats.no_counterpart == [(2, "Sans équivalent.")]  # still not the release's own English


def test_units_number_lines_once_and_keep_english_only_beads():
    d = data([Bead((0,), (0,)), Bead((), (1,)), Bead((1, 2), (2,)), Bead((3,), ())])
    units = release_units("r", FR, d.src, EN, d.tgt, d.all_beads(), d.created)
    assert [u.src_line for u in units] == [1, 0, 2, 4]
    assert [u.translatable for u in units] == [True, False, True, True]
    assert units[1].tgt == "One sentence." and units[2].src == "Une phrase. Deux phrases."
    assert units[3].origin is Origin.NONE and units[0].origin is Origin.ALIGNED


def test_cached_release_data_round_trips_through_json():
    d = data([Bead((0,), (0,), 0.95), Bead((1, 2), (1, 2), 0.4), Bead((3,), (), 0.9)])
    units = release_units("r", FR, d.src, EN, d.tgt, d.all_beads(), d.created)
    d.stats = release_stats(d, units)
    d.fills = {2: Fill("X.", Origin.TM_FUZZY, "82")}
    assert ReleaseData.from_json(json.loads(json.dumps(d.to_json()))) == d


KEY = "ab" * 32


def test_corrections_must_be_well_formed_keyed_and_cover_the_release(tmp_path):
    path = tmp_path / "c.json"

    def doc(*beads, **fields) -> str:
        return json.dumps({"release": "r", "source_key": KEY, "beads": list(beads), **fields})

    bad = [
        '{"beads": []}',
        doc({"src": ["a"], "tgt": []}),
        doc({"src": [0], "tgt": []}).replace('"tgt": []', '"tgt": [], "score": 1e400'),
        doc({"src": [0], "tgt": []}).replace('"tgt": []', '"tgt": [], "score": NaN'),
        doc({"src": [0], "tgt": []}),  # neither reviewed nor with its confidence
        doc({"src": [0], "tgt": [], "text": "x", "score": 0.5}),  # English text on a bead not reviewed
        doc({"src": [], "tgt": [], "reviewed": True}),
        "[" * 100_000,
        "{",
    ]
    for text in bad:
        with pytest.raises(AlignerError, match="not a corrections file") as err:
            parse_corrections(text, path)
        assert str(path) in str(err.value)
    for key in (None, "bogus"):
        with pytest.raises(AlignerError, match="without a valid content key"):
            parse_corrections(doc(source_key=key), path)
    ok = parse_corrections(
        doc({"src": [0, 1], "tgt": [0], "reviewed": True}, {"src": [], "tgt": [1], "score": 0.25}), path
    )
    assert ok.beads == (CorrectedBead((0, 1), (0,), True, 1.0), CorrectedBead((), (1,), False, 0.25))
    check_corrections(ok, "r", KEY, 2, 2)
    with pytest.raises(AlignerError, match="do not cover the release as it is now"):
        check_corrections(ok, "r", KEY, 3, 2)
    with pytest.raises(AlignerError, match="the release changed since these corrections were made"):
        check_corrections(ok, "r", "cd" * 32, 2, 2)
    with pytest.raises(AlignerError, match="are for release 'r', not 's'"):
        check_corrections(ok, "s", KEY, 2, 2)


@pytest.fixture()
def corpus(tmp_path, corpus_dir) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(corpus_dir, root)
    return root


def one_sentence_per_line_srx(path: Path) -> Path:
    """SRX rules that never split inside a line: a segmentation the built-in rules would not give."""
    path.write_text(
        '<?xml version="1.0"?><srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes" '
        'cascade="yes"/><body><languagerules><languagerule languagerulename="none"><rule break="no">'
        "<beforebreak>.</beforebreak><afterbreak>.</afterbreak></rule></languagerule></languagerules><maprules>"
        '<languagemap languagepattern=".*" languagerulename="none"/></maprules></body></srx>',
        encoding="utf-8",
    )
    return path


def test_apply_keeps_the_runs_model_rules_and_machine_translations(corpus, tmp_path):
    out = tmp_path / "out"
    model = tmp_path / "model"
    shutil.copytree(FIXTURE, model)
    (corpus / "fr" / "note_1.txt").write_text("Nous soutenons nos partenaires.\n", encoding="utf-8")
    srx = one_sentence_per_line_srx(tmp_path / "lines.srx")
    config = RunConfig(corpus, out, srx=srx, translation=FillOptions(model=str(model), backend="ctranslate2"))
    first = run_corpus(config)
    assert first.translation.status == "ok"
    mt_before = read_tmx(out / "mt.tmx")[1]
    assert mt_before
    # with the run's SRX rules the release has one sentence per line: the exported beads are over those sentences
    rid = "tico19_wikinews_4"
    doc = export_corrections(out, rid)
    n_fr = len((corpus / "fr" / f"{rid}.txt").read_text(encoding="utf-8").strip().split("\n"))
    assert doc["src_sentences"] == n_fr
    doc["beads"] = [{**b, "reviewed": True} for b in doc["beads"]]
    corr = tmp_path / f"{rid}.corrections.json"
    corr.write_text(json.dumps(doc), encoding="utf-8")
    done = apply_corrections(corr, out)
    assert done.report.translation.status == "ok" and done.report.translation.options["model"] == str(model)
    units = read_tmx(out / "memory.tmx")[1]
    assert [u.tgt for u in read_tmx(out / "mt.tmx")[1]] == [u.tgt for u in mt_before]
    assert {u.prop("x-origin") for u in units if u.prop("x-release") == rid} == {"reviewed"}
    assert done.report.segmentation["rules"] == "srx"


def test_each_release_file_is_read_once_per_run(corpus, tmp_path):
    opened: list[str] = []
    files = {str(p) for p in corpus.rglob("*.txt")}

    def hook(event: str, args: tuple) -> None:
        if event == "open" and args and str(args[0]) in files:
            opened.append(str(args[0]))

    sys.addaudithook(hook)  # audit hooks cannot be removed: this one only records the corpus's files
    run_corpus(RunConfig(corpus, tmp_path / "out", translation=FillOptions(model=None)))
    first = sorted(opened)
    opened.clear()
    run_corpus(RunConfig(corpus, tmp_path / "out", translation=FillOptions(model=None)))
    assert first == sorted(files) and sorted(opened) == sorted(files)
