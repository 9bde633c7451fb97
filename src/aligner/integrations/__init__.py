"""Driving other translation tools with aligner's outputs (OmegaT)."""
