"""dyad: code news text into political event data.

>>> import dyad, pyarrow as pa
>>> coder = dyad.Coder()
>>> table = pa.table(coder.code_arrow(["Iran sent fuel to Venezuela in May 2020."]))

- :class:`Coder` codes texts into event mentions: ``code`` gives the dicts
  ``dyad code`` writes as JSON lines, ``code_arrow`` an Arrow stream.
- :class:`Store` reads a store written by ``dyad ingest``: events,
  mentions, timelines, documents and panels as Arrow streams.
- Arrow streams implement the Arrow PyCapsule interface
  (``__arrow_c_stream__``): ``pyarrow.table(x)``, ``polars.DataFrame(x)``
  and duckdb read them without copies; dyad itself needs none of them.
- Bad arguments raise ``TypeError`` or ``ValueError`` naming the argument;
  other failures raise a subclass of :class:`DyadError`.
"""

from __future__ import annotations

import json
from typing import Any, Optional, Sequence

from dyad import _dyad
from dyad._dyad import (
    ArrowStream,
    CodingError,
    DictionaryError,
    DyadError,
    SchemaError,
    Store,
    StoreError,
)

__version__: str = _dyad.__version__

__all__ = [
    "ArrowStream",
    "Coder",
    "CodingError",
    "DictionaryError",
    "DyadError",
    "SchemaError",
    "Store",
    "StoreError",
]


class Coder(_dyad.Coder):
    """Codes texts into event mentions with dyad's dictionaries.

    ``dicts`` is a dictionary directory (or file) or a list of them, layered
    over the built-in dictionaries (``dict_format="dyad"``) or replacing them
    (``dict_format="petrarch"``). ``threads`` codes a call's texts in
    parallel; the output keeps the input order.
    """

    def code(
        self,
        texts: Sequence[str],
        ids: Optional[Sequence[str]] = None,
        dates: Optional[Sequence[Optional[str]]] = None,
        titles: Optional[Sequence[Optional[str]]] = None,
    ) -> list[dict[str, Any]]:
        """Codes texts; returns the mentions as the dicts ``dyad code`` writes.

        ``ids`` default to the texts' positions (``"0"``, ``"1"``, …);
        ``dates`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None) anchor
        relative dates.
        """
        return json.loads(self._code("json", texts, ids, dates, titles))

    def code_arrow(
        self,
        texts: Sequence[str],
        ids: Optional[Sequence[str]] = None,
        dates: Optional[Sequence[Optional[str]]] = None,
        titles: Optional[Sequence[Optional[str]]] = None,
    ) -> ArrowStream:
        """Codes texts; returns the mentions as an Arrow stream.

        Read it with ``pyarrow.table(s)``, ``polars.DataFrame(s)`` or duckdb.
        Actors, quantities, evidence and the location are nested lists and
        structs; the schema is the Parquet export's mentions table (``id``
        is null: these mentions are not stored).
        """
        return self._code("arrow", texts, ids, dates, titles)
