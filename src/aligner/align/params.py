"""Aligner settings: importing this module is cheap (no numpy)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))


@dataclass(frozen=True)
class AlignParams:
    """Settings of the aligner. The defaults were chosen on the development data by leave-one-document-out
    (``scripts/bench_align.py --choose``): BAF tao1, tao2, citi2, Text+Berg dev and the NTREX release-like tasks."""

    sim_weight: float = 3.0  # weight of (1 - calibrated similarity), per sentence pair
    len_weight: float = 1.0  # weight of the Gale-Church length cost
    len_cap: float = 4.0  # the length cost never exceeds this (a translation may be freer than the length model)
    min_len_var: float = 4.0  # floor of the re-estimated length variance
    sim_floor: float = -2.0  # lowest calibrated similarity cost (negative: very similar pairs earn a bonus)
    del_cost: float = 4.0  # cost of a one-sided bead
    min_evidence: float = 0.1  # evidence is measured against max(typical translation, random + this)
    learn_evidence: float = 0.1  # pass 2 learns from beads at least this far above random pairs (0 random, 1 typical)
    temperature: float = 1.0  # of the posterior over alignments (costs are divided by it)
    type_cost: dict = field(
        default_factory=lambda: {
            (1, 1): 0.0,
            (1, 2): 3.0,
            (2, 1): 3.0,
            (2, 2): 4.6,
            (1, 3): 5.6,
            (3, 1): 5.6,
        }
    )
    para_mismatch: float = 0.25  # a bead ends a paragraph on one side only
    para_span: float = 0.25  # a bead joins sentences of two paragraphs on one side
    fragment_bonus: float = 2.0  # per side of a group that starts with a leader (". . .", "=> ...")
    continuation_bonus: float = 1.0  # a segment starting in lower case or with a comma joins the previous one
    passes: int = 2
    prior_lexicon: bool = True  # use the lexicon shipped for the language pair, when there is one
    lex_min_count: int = 2  # pass-2 lexicon: a word pair must co-occur in this many confident beads
    lex_min_dice: float = 0.3
    lex_top: int = 3  # translations kept per source word
    member_weight: float = 3.0  # cost per recognisable member of a group bead that the other side does not support
    member_threshold: float = 0.7  # calibrated similarity cost above which a member counts as unsupported
    full_cells: int = 1_500_000  # documents up to this many DP cells are searched without a band
    min_band: int = 25
    seed: int = 7

    def as_dict(self) -> dict:
        """Every setting by name (``dataclasses.asdict`` without its deep copy: the settings are numbers)."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["type_cost"] = {f"{a}-{b}": v for (a, b), v in self.type_cost.items()}
        return d
