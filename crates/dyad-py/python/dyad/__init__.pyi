from os import PathLike
from typing import Any, Optional, Sequence, Union

__version__: str

_Path = Union[str, PathLike[str]]

class DyadError(Exception): ...
class DictionaryError(DyadError): ...
class CodingError(DyadError): ...
class StoreError(DyadError): ...
class SchemaError(StoreError): ...

class ArrowStream:
    """A table readable through the Arrow PyCapsule interface."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    @property
    def num_rows(self) -> int: ...
    @property
    def column_names(self) -> list[str]: ...
    def __len__(self) -> int: ...

class Coder:
    def __init__(
        self,
        dicts: Optional[Union[_Path, Sequence[_Path]]] = None,
        dict_format: str = "dyad",
        threads: int = 1,
    ) -> None: ...
    @property
    def threads(self) -> int: ...
    def code(
        self,
        texts: Sequence[str],
        ids: Optional[Sequence[str]] = None,
        dates: Optional[Sequence[Optional[str]]] = None,
        titles: Optional[Sequence[Optional[str]]] = None,
    ) -> list[dict[str, Any]]: ...
    def code_arrow(
        self,
        texts: Sequence[str],
        ids: Optional[Sequence[str]] = None,
        dates: Optional[Sequence[Optional[str]]] = None,
        titles: Optional[Sequence[Optional[str]]] = None,
    ) -> ArrowStream: ...

class Store:
    def __init__(self, path: _Path) -> None: ...
    @property
    def path(self) -> str: ...
    def events(
        self,
        *,
        source: Optional[str] = None,
        target: Optional[str] = None,
        actor: Optional[str] = None,
        pair: Optional[tuple[str, str]] = None,
        start: Optional[str] = None,
        end: Optional[str] = None,
        plover: Optional[str] = None,
        cameo: Optional[str] = None,
        quad_class: Optional[int] = None,
        modality: Optional[str] = None,
        conflicts: bool = False,
        limit: int = 1000,
    ) -> ArrowStream: ...
    def mentions(self, *, event: Optional[int] = None, doc: Optional[int] = None, limit: int = 10000) -> ArrowStream: ...
    def timeline(self, a: str, b: Optional[str] = None, *, by: str = "month") -> ArrowStream: ...
    def documents(self, *, after: int = 0, limit: int = 1000) -> ArrowStream: ...
    def panel(self, unit: str = "country-month", *, by: Optional[str] = None, directed: bool = False) -> ArrowStream: ...
