"""tema on Spark: the package in ``mapInPandas``, or the binary through ``RDD.pipe``.

With the package on the executors (a wheel installed there, or shipped with ``--py-files``)::

    import tema.spark
    lines = spark.read.text("archive/shard-*.jsonl")            # one column, `value`
    records = tema.spark.tag_dataframe(lines)                   # one column, `record` (JSON)
    records.write.text("out/")

With only the binary on the executors (``--files tema`` or ``SparkContext.addFile``)::

    rdd = spark.sparkContext.textFile("archive/shard-*.jsonl")
    records = rdd.pipe("./tema tag --input - --format jsonl")

Both give the same records, one JSON string per article, as ``tema batch`` writes them.
"""

import json
from typing import Iterator, Optional

from tema._lines import tag_lines

#: The schema of :func:`tag_dataframe`'s result: one record as JSON per row.
SCHEMA = "record string"


def tag_pandas(batches: Iterator, model: Optional[str] = None, repair: bool = True) -> Iterator:
    """The function ``mapInPandas`` runs: pandas frames of a ``value`` column of lines in,
    frames of a ``record`` column of JSON records out, batch by batch."""
    import pandas as pd

    for frame in batches:
        records = tag_lines(frame["value"], model=model, repair=repair)
        yield pd.DataFrame(
            {"record": [json.dumps(r, ensure_ascii=False) for r in records]}, dtype=object
        )


def tag_dataframe(lines, model: Optional[str] = None, repair: bool = True):
    """Tags a DataFrame of lines (``spark.read.text`` of JSON Lines shards): a DataFrame of
    one ``record`` string column, a tagged article (or an error record) as JSON per row."""
    return lines.mapInPandas(lambda it: tag_pandas(it, model, repair), schema=SCHEMA)
