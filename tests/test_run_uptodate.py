"""``aligner run`` on a corpus and outputs that did not change since its last clean run says so and repeats what that
run said, with its exit status; anything that could change an output makes it run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.run.uptodate import RECORD

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"
SKIPPED = "nothing changed since the last run"
runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path, corpus_dir) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(corpus_dir, root)
    return root


def _run(corpus: Path, out: Path, *extra: str):
    return runner.invoke(app, ["run", str(corpus), "--out", str(out), "--no-mt", *extra])


def _times(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_an_unchanged_corpus_is_not_run_again_and_the_run_says_the_same(corpus, tmp_path):
    out = tmp_path / "out"
    first = _run(corpus, out)
    assert first.exit_code == 0, first.output
    assert SKIPPED not in first.stderr and (out / RECORD).is_file()
    written = _times(out)
    again = _run(corpus, out)
    assert again.exit_code == 0 and SKIPPED in again.stderr
    assert again.stdout == first.stdout  # the same summary table
    assert _times(out) == written  # nothing was touched
    forced = _run(corpus, out, "--force")
    assert SKIPPED not in forced.stderr and "cached" in forced.stdout


def test_a_failed_gate_fails_again_when_nothing_changed(corpus, tmp_path):
    out = tmp_path / "out"
    first = _run(corpus, out, "--max-untranslated", "0")
    assert first.exit_code == 1 and "aligner: gate failed:" in first.stderr
    again = _run(corpus, out, "--max-untranslated", "0")
    assert again.exit_code == 1 and SKIPPED in again.stderr
    gates = [line for line in first.stderr.splitlines() if "gate failed" in line]
    assert [line for line in again.stderr.splitlines() if "gate failed" in line] == gates
    relaxed = _run(corpus, out, "--max-untranslated", "100")  # another setting: a real run
    assert relaxed.exit_code == 0 and SKIPPED not in relaxed.stderr


def test_an_edit_of_the_same_size_and_time_is_seen(corpus, tmp_path):
    out = tmp_path / "out"
    assert _run(corpus, out).exit_code == 0
    release = sorted((corpus / "en").glob("*.txt"))[0]
    st = release.stat()
    text = release.read_text(encoding="utf-8")
    swapped = text.replace("a", "e", 1)
    assert swapped != text and len(swapped) == len(text)
    release.write_text(swapped, encoding="utf-8")
    os.utime(release, ns=(st.st_atime_ns, st.st_mtime_ns))
    again = _run(corpus, out)
    assert again.exit_code == 0 and SKIPPED not in again.stderr


@pytest.mark.parametrize("change", ["removed", "edited", "added"])
def test_outputs_touched_by_hand_make_it_run(corpus, tmp_path, change):
    out = tmp_path / "out"
    assert _run(corpus, out).exit_code == 0
    memory = out / "memory.tmx"
    if change == "removed":
        memory.unlink()
    elif change == "edited":
        memory.write_text(memory.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    else:
        (out / "po" / "extra.po").write_text("", encoding="utf-8")
    again = _run(corpus, out)
    assert again.exit_code == 0 and SKIPPED not in again.stderr
    assert memory.is_file() and memory.read_text(encoding="utf-8").rstrip().endswith("</tmx>")
    assert SKIPPED in _run(corpus, out).stderr  # and then it is up to date again


def test_a_model_that_appears_makes_it_run(corpus, tmp_path):
    out = tmp_path / "out"
    model = tmp_path / "model"
    args = ["run", str(corpus), "--out", str(out), "--model", str(model), "--backend", "ctranslate2"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert SKIPPED in runner.invoke(app, args).stderr  # no model, and still none: nothing to do
    shutil.copytree(FIXTURE, model)
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and SKIPPED not in again.stderr


def test_a_run_that_stops_half_way_leaves_no_record(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _run(corpus, out).exit_code == 0
    (corpus / "fr" / "extra.txt").write_text("Une phrase de plus.\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("aligner.run.job.write_review", broken)
    assert _run(corpus, out).exit_code != 0
    assert not (out / RECORD).exists()
    monkeypatch.undo()
    (corpus / "fr" / "extra.txt").unlink()  # the corpus is as the record had it; the outputs are not
    again = _run(corpus, out)
    assert again.exit_code == 0 and SKIPPED not in again.stderr


def test_a_corpus_with_links_is_always_run(corpus, tmp_path):
    out = tmp_path / "out"
    shared = tmp_path / "elsewhere.txt"
    shared.write_text("Un communiqué.\n", encoding="utf-8")
    (corpus / "fr" / "linked.txt").symlink_to(shared)
    assert _run(corpus, out).exit_code == 0
    assert not (out / RECORD).exists()
    assert SKIPPED not in _run(corpus, out).stderr


def test_mt_that_failed_with_a_model_at_hand_is_tried_again(corpus, tmp_path, monkeypatch):
    from aligner.errors import AlignerError

    out = tmp_path / "out"
    shutil.copytree(FIXTURE, tmp_path / "model")
    args = ["run", str(corpus), "--out", str(out), "--model", str(tmp_path / "model"), "--backend", "ctranslate2"]

    def crashed(*args, **kwargs):
        raise AlignerError("the model crashed")

    monkeypatch.setattr("aligner.translate.fill.translate_here", crashed)
    first = runner.invoke(app, args)
    assert "the model crashed" in first.stderr and not (out / RECORD).exists()
    monkeypatch.undo()
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and SKIPPED not in again.stderr and "the model crashed" not in again.stderr
    assert SKIPPED in runner.invoke(app, args).stderr
