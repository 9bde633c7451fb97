"""XLIFF 2.0 and 1.2 from ``aligner run``: valid against the OASIS schemas, states a translator can trust, and
``aligner apply FILE.xlf`` taking a CAT tool's edits back as reviewed units."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats.xliff import read_xliff, render_xliff
from aligner.model import Origin, ReleaseUnit

from .tools import XLIFF_XSD, release_units, xmllint_schema

runner = CliRunner()
FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"
RID = "tico19_wikinews_4"


def unit(bead: int, origin: Origin, score: float = 0.95, tgt: str | None = "Hello.", detail: str = "") -> ReleaseUnit:
    return ReleaseUnit("r", bead, f"Phrase {bead}.", tgt, score, "1-1", origin, bead + 1, "20260101T000000Z", detail)


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_states_metadata_and_odd_characters_validate_and_read_back(tmp_path, version):
    units = [
        unit(0, Origin.ALIGNED),
        unit(1, Origin.ALIGNED, score=0.6),
        unit(2, Origin.REVIEWED, score=1.0),
        unit(3, Origin.MT, detail="opus@1"),
        unit(4, Origin.TM_FUZZY, detail="82"),
        unit(5, Origin.NONE, tgt=None),
        unit(6, Origin.ALIGNED, tgt='A form feed \x0c and <markup> & "quotes".'),
    ]
    path = tmp_path / "r.xlf"
    path.write_text("".join(render_xliff(units, "r", "ab" * 32, "fr/r.txt", version)), encoding="utf-8")
    res = xmllint_schema(path, XLIFF_XSD[version])
    assert res.returncode == 0, res.stderr
    text = path.read_text(encoding="utf-8")
    if version == "2.0":
        states = [s.split('"')[0] for s in text.split('<segment state="')[1:]]
        assert states == ["translated", "initial", "final", "initial", "initial", "initial", "translated"]
        assert '<mda:meta type="match-quality">82</mda:meta>' in text and '<cp hex="000C"/>' in text
    else:
        assert 'approved="yes"' in text and 'state="needs-review-translation"' in text
    back = read_xliff(path)
    assert back.release == "r" and back.source_key == "ab" * 32
    assert back.targets[5] is None and back.targets[6] == units[6].tgt and back.targets[3] == "Hello."


def test_every_release_gets_a_valid_xliff_and_the_version_can_change(run_dir):
    corpus, out = run_dir
    files = sorted((out / "xliff").glob("*.xlf"))
    assert [p.stem for p in files] == ["news_211270", "tico19_wikinews_1", "tico19_wikinews_4", "tico19_wikinews_6"]
    for p in files:
        res = xmllint_schema(p, XLIFF_XSD["2.0"])
        assert res.returncode == 0, (p, res.stderr)
    assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "--no-mt", "-q", "--xliff", "1.2"]).exit_code == 0
    for p in files:  # a changed output setting rewrites every release's file
        assert 'version="1.2"' in p.read_text(encoding="utf-8")
        assert xmllint_schema(p, XLIFF_XSD["1.2"]).returncode == 0


def test_targets_changed_in_a_cat_tool_come_back_as_reviewed(run_dir, tmp_path):
    corpus, out = run_dir
    xlf = out / "xliff" / f"{RID}.xlf"
    edited = tmp_path / f"{RID}.xlf"
    first_target = read_xliff(xlf).targets[0]
    edited.write_text(
        xlf.read_text(encoding="utf-8").replace(
            f"<target>{first_target}</target>", "<target>New headline.</target>", 1
        ),
        encoding="utf-8",
    )
    res = runner.invoke(app, ["apply", str(edited), "--out", str(out)])
    assert res.exit_code == 0, res.output
    units = {u.prop("x-bead"): u for u in release_units(out, RID)}
    assert units["0"].tgt == "New headline." and units["0"].prop("x-origin") == "reviewed"
    assert {u.prop("x-origin") for k, u in units.items() if k != "0"} == {"aligned"}  # untouched units stay aligned
    stored = json.loads((corpus / "corrections" / f"{RID}.json").read_text(encoding="utf-8"))
    assert stored["beads"][0] == {"src": [0], "tgt": [0], "reviewed": True, "text": "New headline."}
    assert 'state="final"' in (out / "xliff" / f"{RID}.xlf").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("</xliff>", ""), "malformed XML"),
        (
            lambda t: t.replace(
                f'<mda:meta type="release">{RID}</mda:meta>', '<mda:meta type="release">nope</mda:meta>'
            ),
            "names release 'nope'",
        ),
        (lambda t: t.replace('<unit id="b1">', '<unit id="b99">'), "unit b99 is not a bead"),
    ],
)
def test_broken_or_foreign_xliff_is_refused_and_nothing_stored(run_dir, tmp_path, edit, message):
    corpus, out = run_dir
    bad = tmp_path / "bad.xlf"
    bad.write_text(edit((out / "xliff" / f"{RID}.xlf").read_text(encoding="utf-8")), encoding="utf-8")
    res = runner.invoke(app, ["apply", str(bad), "--out", str(out)])
    assert res.exit_code == 1 and message in res.stderr and str(bad) in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and not (corpus / "corrections").exists()


def test_an_xliff_of_a_release_that_changed_since_is_refused(run_dir, tmp_path):
    corpus, out = run_dir
    xlf = tmp_path / "old.xlf"
    shutil.copy(out / "xliff" / f"{RID}.xlf", xlf)
    en = corpus / "en" / f"{RID}.txt"
    en.write_text(en.read_text(encoding="utf-8") + "One more sentence.\n", encoding="utf-8")
    assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "--no-mt", "-q"]).exit_code == 0
    res = runner.invoke(app, ["apply", str(xlf), "--out", str(out)])
    assert res.exit_code == 1 and "the release changed since this XLIFF was written" in res.stderr
