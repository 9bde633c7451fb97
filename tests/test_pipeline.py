"""``aligner run`` on the shipped corpus."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from aligner.cli import app


def test_run_segments_aligns_and_reports(corpus_dir, tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(corpus_dir), "--out", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in report["releases"]}
    assert by_id["news_211270"]["notes"] == ["no English original"] and "beads" not in by_id["news_211270"]
    assert report["unpaired"]["french_only"] == ["news_211270"]
    w1 = by_id["tico19_wikinews_1"]
    assert w1["beads_by_type"] == {"0-1": 7, "1-1": 8} and w1["aligned_share"] == 1.0
    assert "calibration" in w1["alignment_parameters"]
    rows = (out / "align" / "tico19_wikinews_4.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == by_id["tico19_wikinews_4"]["beads"]
    assert (out / "segments" / "fr" / "news_211270.txt").read_text(encoding="utf-8").count("\n") >= 16
