"""tema: Danish magazine issues read, segmented, repaired, tagged by theme and summarised.

The work is done by the Rust library behind the command-line tool ``tema``; this package is a
thin layer over it, so a record here has the same fields, and the same values, as the JSON the
command line prints.

>>> import tema
>>> pipeline = tema.Pipeline()
>>> pipeline.repair("Det er ikke sa let at fa en god lasning pa det.")  # doctest: +SKIP
"""

from tema._tema import Pipeline, TemaError, __version__, archive

__all__ = ["Pipeline", "TemaError", "__version__", "archive"]
