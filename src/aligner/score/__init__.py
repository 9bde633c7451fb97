"""Scoring: alignment evaluation here; MT metrics wrap sacrebleu."""
