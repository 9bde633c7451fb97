#!/usr/bin/env python3
"""OmegaT (headless, Debian package omegat) translating the paired French releases from aligner's memory.tmx.

Prints, per release, the share of OmegaT's own segments it filled from the memory, once with aligner's built-in
segmentation and once with OmegaT's default SRX rules given to ``aligner run --srx``. With ``--check`` it exits 1
when OmegaT fills less than 90% of the segments of a paired release with OmegaT's own rules.

    python scripts/check_omegat.py [--shared ../shared] [--corpus corpora] [--check]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from aligner.run import RunConfig, run_corpus  # noqa: E402
from aligner.translate.fill import FillOptions  # noqa: E402
from tests.omegat import translate_with_omegat  # noqa: E402

FLOOR = 0.9


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpora")
    ap.add_argument("--check", action="store_true", help=f"exit 1 below {FLOOR:.0%} with OmegaT's rules")
    args = ap.parse_args()
    low = []
    srx = args.shared / "formats" / "omegat-3.6" / "defaultRules.cascade-yes.srx"
    print(f"{'release':24} {'segmentation':22} {'OmegaT segments':>15} {'filled':>7}")
    for label, rules in (("aligner built-in", None), ("OmegaT SRX (--srx)", srx)):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            config = RunConfig(args.corpus, out, srx=rules, translation=FillOptions(model=None))
            paired = [r.id for r in run_corpus(config).releases if r.paired]
            stats = translate_with_omegat(
                Path(tmp) / "omegat", [args.corpus / "fr" / f"{r}.txt" for r in paired], out / "memory.tmx"
            )
            for rid in paired:
                s = stats[f"{rid}.txt"]
                print(f"{rid:24} {label:22} {s['segments']:>15} {s['translated_share']:>7.0%}")
                if rules is not None and s["translated_share"] < FLOOR:
                    low.append(rid)
    if args.check and low:
        print(f"check failed: OmegaT filled less than {FLOOR:.0%} of {', '.join(low)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
