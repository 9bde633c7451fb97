"""aligner: segment, align, translate and score French releases against their English originals.

Importing the package is cheap: machine-translation libraries load only when a translation is asked for.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
