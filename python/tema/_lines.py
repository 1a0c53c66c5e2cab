"""The line format of ``tema tag --input -``, read in Python: what the Dask and Spark helpers
map, so a shard gives the same records through the package as through the binary."""

import json
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from tema._tema import Pipeline, TemaError

_PIPELINES: Dict[Tuple[Optional[str], bool], Pipeline] = {}


def pipeline(model: Optional[str] = None, repair: bool = True) -> Pipeline:
    """One pipeline per process and settings: a worker loads its model once, not per task."""
    key = (None if model is None else str(model), repair)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(model=key[0], repair=repair)
    return _PIPELINES[key]


def tag_line(pipeline: Pipeline, line: str, number: int) -> List[Dict[str, Any]]:
    """The records of one line, as the stream writes them; a bad line gives an error record
    ``{"id", "line", "error"}``. An issue line is ``{"path"}`` or ``{"path", "text"}``, with
    an optional ``issue`` id (``tema.archive`` gives it), and gives ``tema batch``'s records; a
    document line ``{"text", "id"?, "title"?}``; ``number`` names a line without an id."""
    fallback = f"stdin-{number}"
    try:
        item = json.loads(line)
    except ValueError as err:
        return [_error(fallback, number, f"invalid JSON: {err}")]
    if not isinstance(item, dict):
        return [_error(fallback, number, "a line must be a JSON object")]
    ident = item.get("id")
    name = None if ident is None else str(ident)
    try:
        if item.get("path") is not None:
            path = str(item["path"])
            name = name or path
            text = item.get("text")
            issue = item.get("issue")
            issue = None if issue is None else str(issue)
            if text is None:
                return pipeline.tag_issue(path, issue=issue)
            return pipeline.tag_issue(text, name=path, issue=issue)
        if item.get("text") is None:
            return [_error(name or fallback, number, "a line needs `text` or `path`")]
        doc = {"id": name or fallback, "text": item["text"], "title": item.get("title")}
        return pipeline.tag([doc])
    except TemaError as err:
        return [_error(name or fallback, number, str(err))]


def tag_lines(
    lines: Iterable[str], model: Optional[str] = None, repair: bool = True
) -> Iterator[Dict[str, Any]]:
    """Every record of some lines, in order; blank lines skipped but counted."""
    tagger = pipeline(model, repair)
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield from tag_line(tagger, line, number)


def _error(ident: str, number: int, reason: str) -> Dict[str, Any]:
    return {"id": ident, "line": number, "error": f"stdin: line {number}: {reason}"}
