from os import PathLike
from typing import Optional, Union

__version__: str

class TemaError(ValueError):
    """A file or text tema cannot use; the message names the file and the reason."""

class Pipeline:
    """The pipeline of ``tema tag``, held once and used for many texts."""

    def __init__(
        self, model: Optional[Union[str, PathLike[str]]] = None, repair: bool = True
    ) -> None: ...
    @property
    def repairs(self) -> bool: ...
    def repair(self, text: str) -> str: ...
