"""An exclusive lock on the output folder: a second run on it stops with a clear message."""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import IO

from ..errors import AlignerError

LOCK_NAME = ".aligner.lock"


class run_lock:  # noqa: N801 - used as a context manager, like open()
    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.fh: IO[str] | None = None

    def __enter__(self) -> run_lock:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            fh = open(self.out / LOCK_NAME, "a+")  # noqa: SIM115 - held for the whole run
        except OSError as exc:
            raise AlignerError(f"cannot write the output folder ({exc.strerror})", self.out) from None
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            raise AlignerError(
                "another aligner run is writing this output folder; wait for it to finish", self.out
            ) from None
        self.fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.close()  # closing releases the lock; the (empty) lock file stays
            self.fh = None
