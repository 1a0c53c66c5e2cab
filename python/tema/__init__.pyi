from os import PathLike
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

__version__: str

Record = Dict[str, Any]
"""A record as the command line's JSON has it (``json.loads`` of one object)."""

class TemaError(ValueError):
    """A file or text tema cannot use; the message names the file and the reason."""

class Pipeline:
    """The pipeline of ``tema tag``: a theme model and whether damaged text is repaired."""

    def __init__(
        self, model: Optional[Union[str, PathLike[str]]] = None, repair: bool = True
    ) -> None: ...
    @property
    def repairs(self) -> bool: ...
    def repair(self, text: str) -> str: ...
    def articles(self, text: str, name: str = "issue") -> List[Record]: ...
    def tag_issue(
        self,
        text_or_path: Union[str, PathLike[str]],
        name: str = "issue",
        issue: Optional[str] = None,
    ) -> List[Record]: ...
    def tag(self, docs: Iterable[Union[str, Mapping[str, Any]]]) -> List[Record]: ...
    def summarise(
        self,
        text: str,
        sentences: int = 3,
        title: Optional[str] = None,
        id: str = "doc-1",
    ) -> Record: ...

def archive(*inputs: str) -> List[Dict[str, str]]:
    """The issue files of an archive as ``tema batch`` finds and names them: ``{"path", "issue"}``."""
