"""tema on Dask: map JSON Lines shards with one ``Pipeline`` per worker process.

Each line of a shard is what ``tema tag --input -`` reads: an issue (``{"path"}`` or ``{"path",
"text"}``) or a document (``{"text", "id"?, "title"?}``). Lines are independent, so the records
do not depend on how the archive was cut into shards::

    from dask.distributed import Client
    import tema.dask

    client = Client()                              # or the address of a cluster
    bag = tema.dask.tag_bag("archive/shard-*.jsonl")
    tema.dask.to_jsonl(bag, "out/")                # one part-N.jsonl per partition

A bad line becomes an error record ``{"id", "line", "error"}`` (``line`` counts within its
partition), as in the stream.
"""

import json
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from tema._lines import tag_lines

Paths = Union[str, Sequence[str]]


def tag_partition(
    lines: Iterable[str], model: Optional[str] = None, repair: bool = True
) -> List[Dict[str, Any]]:
    """The records of one partition of lines, in order: what ``map_partitions`` runs."""
    return list(tag_lines(lines, model=model, repair=repair))


def tag_bag(
    paths: Paths,
    model: Optional[str] = None,
    repair: bool = True,
    blocksize: Optional[Union[int, str]] = None,
):
    """A ``dask.bag.Bag`` of the tagged-article records of JSON Lines shards.

    Args:
        paths: shard files or glob patterns, as ``dask.bag.read_text`` takes them (local
            paths or any fsspec URL: ``s3://…``, ``hdfs://…``).
        model: a model file made by ``tema train``, readable at that path on every worker;
            the model built into tema when None.
        repair: put back lost æ/ø/å first.
        blocksize: cut large shards into partitions of this many bytes (whole lines).
    """
    import dask.bag as db

    lines = db.read_text(paths, blocksize=blocksize)
    return lines.map_partitions(tag_partition, model=model, repair=repair)


def to_jsonl(bag, directory: str) -> List[str]:
    """Writes the records as JSON Lines, one file per partition, and gives their names: the
    input of ``tema report --from``."""
    return bag.map(lambda r: json.dumps(r, ensure_ascii=False)).to_textfiles(
        f"{directory.rstrip('/')}/part-*.jsonl"
    )
