"""The run's configuration: aligner.toml, --config, command-line precedence, and OUT/run.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import FormatError, InputError
from aligner.run.config import build_config, load_run_config, read_settings, save_config

runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_settings_paths_are_relative_to_the_file(tmp_path):
    toml = write(
        tmp_path / "corpus" / "aligner.toml",
        'jobs = 3\n[segmentation]\nsrx = "rules/r.srx"\n[translation]\nmt = false\nbeam = 4\n'
        '[terminology]\nglossary = "g.tsv"\n[gates]\nmin_aligned = 0.8\nmax_untranslated = 2\n',
    )
    config = build_config(tmp_path / "corpus", tmp_path / "out")
    assert config.jobs == 3 and config.translation.beam == 4 and config.translation.model is None
    assert config.srx == tmp_path / "corpus" / "rules" / "r.srx"
    assert config.glossary == toml.parent / "g.tsv"
    assert config.gates.min_aligned == 0.8 and config.gates.max_untranslated == 2


def test_command_line_options_win_over_the_file(tmp_path):
    write(tmp_path / "c" / "aligner.toml", "[translation]\nbeam = 4\nfuzzy_threshold = 80\n[gates]\nmin_bleu = 30\n")
    config = build_config(
        tmp_path / "c",
        tmp_path / "o",
        overrides={("translation", "beam"): 2, ("gates", "min_bleu"): None, ("translation", "mt"): None},
    )
    assert config.translation.beam == 2  # given on the command line
    assert config.translation.fuzzy_threshold == 80 and config.gates.min_bleu == 30  # not given: the file's


def test_config_option_replaces_the_corpus_file(tmp_path):
    write(tmp_path / "c" / "aligner.toml", "[translation]\nbeam = 4\n")
    other = write(tmp_path / "other.toml", "[translation]\nbeam = 7\n")
    assert build_config(tmp_path / "c", tmp_path / "o", other).translation.beam == 7
    with pytest.raises(InputError, match="no such configuration file"):
        build_config(tmp_path / "c", tmp_path / "o", tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[translation]\nbeem = 4\n", "unknown setting 'translation.beem'"),
        ("[transaltion]\nbeam = 4\n", "unknown section [transaltion]"),
        ('[translation]\nbeam = "four"\n', "'translation.beam' must be int, not str"),
        ("[translation]\nmt = 1\n", "'translation.mt' must be bool, not int"),
        ("[translation\nbeam = 4\n", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_file(tmp_path, text, message):
    path = write(tmp_path / "aligner.toml", text)
    with pytest.raises(FormatError, match=message.replace("[", r"\[")) as err:
        read_settings(path)
    assert str(path) in str(err.value)


def test_saved_configuration_round_trips(tmp_path):
    write(
        tmp_path / "c" / "aligner.toml", 'jobs = 2\n[translation]\nmodel = "some/model"\n[gates]\nmin_aligned = 0.5\n'
    )
    config = build_config(tmp_path / "c", tmp_path / "o", overrides={("terminology", "glossary"): tmp_path / "g.tsv"})
    save_config(config)
    assert load_run_config(tmp_path / "o") == config
    assert json.loads((tmp_path / "o" / "run.json").read_text(encoding="utf-8"))["schema"] == "aligner-run/1"


def test_missing_or_damaged_saved_configuration(tmp_path):
    with pytest.raises(InputError, match="no aligner run here"):
        load_run_config(tmp_path)
    write(tmp_path / "run.json", '{"schema": "aligner-run/1", "corpus": 3}')
    with pytest.raises(FormatError, match="damaged run configuration"):
        load_run_config(tmp_path)


def test_run_reads_aligner_toml_and_records_what_it_used(corpus_dir, tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    write(corpus / "aligner.toml", "[translation]\nmt = false\n[gates]\nmax_untranslated = 0\n")
    res = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 1 and "gate failed: news_211270: 16 untranslated sentences" in res.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["gates"]["settings"]["max_untranslated"] == 0
    assert report["translation"]["options"]["model"] is None
    saved = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert saved["translation"]["mt"] is False and saved["gates"]["max_untranslated"] == 0
