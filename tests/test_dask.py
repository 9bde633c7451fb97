"""``aligner run --executor dask`` on a real Dask cluster: a scheduler and workers started as commands on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner.formats.tmx import read_tmx

from .test_hardening import _tico_corpus

BIN = Path(sys.executable).parent
FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[str]:
    """A scheduler and two workers (one process, one thread each), as a team would start them."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    dask = str(BIN / "dask")
    commands = {
        "scheduler": [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        **{
            f"w{k}": [dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--name", f"w{k}",
                      "--local-directory", str(logs / f"w{k}")]
            for k in range(2)
        },
    }  # fmt: skip
    files = {name: (logs / f"{name}.log").open("w") for name in commands}
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=files[name], stdin=subprocess.DEVNULL)
        for name, cmd in commands.items()
    ]
    try:
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for fh in files.values():
            fh.close()


def run(corpus: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [str(BIN / "aligner"), "run", str(corpus), "--out", str(out), "-q", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def units(out: Path, name: str = "memory.tmx") -> list[tuple]:
    return sorted(
        (u.src, u.tgt, tuple(p for p in u.props if p[0] != "x-alignment-score"), u.attrs.get("tuid"))
        for u in read_tmx(out / name)[1]
    )


def test_a_cluster_run_writes_the_same_memory_as_a_local_run(cluster, corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    (corpus / "fr" / "note_1.txt").write_text("Nous soutenons nos partenaires.\n", encoding="utf-8")
    model = tmp_path / "model"
    shutil.copytree(FIXTURE, model)
    lexicon = tmp_path / "fr-en.tsv"
    lexicon.write_text("pandémie\tpandemic\nsanté\thealth\n", encoding="utf-8")
    mt = ["--model", str(model), "--backend", "ctranslate2", "--lexicon", str(lexicon)]  # lexicons travel too
    local = run(corpus, tmp_path / "local", *mt)
    assert local.returncode == 0, local.stderr
    remote = run(corpus, tmp_path / "dask", *mt, "--executor", "dask", "--scheduler", cluster)
    assert remote.returncode == 0, remote.stderr
    assert units(tmp_path / "dask") == units(tmp_path / "local") and units(tmp_path / "local")
    assert units(tmp_path / "dask", "mt.tmx") == units(tmp_path / "local", "mt.tmx")  # MT ran on the workers
    assert (tmp_path / "dask" / "po" / "note_1.po").read_text(encoding="utf-8").split("\n\n")[1:] == (
        tmp_path / "local" / "po" / "note_1.po"
    ).read_text(encoding="utf-8").split("\n\n")[1:]


def test_a_worker_killed_mid_run_is_replaced_and_no_release_is_lost_or_doubled(cluster, tmp_path):
    from distributed import Client

    corpus = tmp_path / "corpus"
    _tico_corpus(corpus, releases=80)
    out = tmp_path / "out"
    cmd = [str(BIN / "aligner"), "run", str(corpus), "--out", str(out), "-q", "--no-mt", "--executor", "dask",
           "--scheduler", cluster]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Client(cluster, timeout="30s") as client:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            busy = {w: n for w, n in client.processing().items() if n}
            if busy:  # a worker is computing releases of this run: kill its process (its nanny starts another)
                pid = client.run(os.getpid, workers=[next(iter(busy))])
                os.kill(next(iter(pid.values())), signal.SIGKILL)
                break
            time.sleep(0.05)
        killed_while_running = proc.poll() is None
        _, err = proc.communicate(timeout=600)
        client.wait_for_workers(2, timeout=120)  # the nanny brought the worker back for the next test
    assert killed_while_running, "the run ended before a worker could be killed"
    assert proc.returncode == 0, err
    ids = [u.prop("x-release") for u in read_tmx(out / "memory.tmx")[1]]
    assert len(set(ids)) == 80
    keys = [(u.prop("x-release"), u.prop("x-bead")) for u in read_tmx(out / "memory.tmx")[1]]
    assert len(keys) == len(set(keys))


def test_an_unreachable_scheduler_is_one_line(corpus_dir, tmp_path):
    res = run(
        corpus_dir, tmp_path / "out", "--no-mt", "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{_free_port()}"
    )
    assert res.returncode == 1 and res.stderr.count("\n") == 1 and "cannot reach the Dask scheduler" in res.stderr
    assert not (tmp_path / "out" / "report.json").exists()
