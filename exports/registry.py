"""What can be exported or imported as a job, filled by the domain apps (this app imports none).

An exporter says how to read its rows for a user: a scoped `values_list()` queryset built from the
job's JSON parameters, the header row, and an optional `render` turning one database tuple into the
cells (dates as text, …). An importer gives a `check` and an `apply` function over the uploaded
bytes; both return a report (`ImportReport` shape, JSON) and call `progress(done, total)`.

Each kind's label becomes the phrase ``exports.export.<kind>`` / ``exports.import.<kind>``, so a
notification names it in the reader's language."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from common import phrases

Row = Sequence
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Exporter:
    kind: str
    label: object  # a lazy translation ("Customers")
    basename: str  # file name stem and xlsx sheet title
    headers: tuple[str, ...]
    #: (user, params) -> a values_list queryset of the rows `user` may export, ordered.
    queryset: Callable[[object, Mapping], object]
    #: one database tuple -> the row's cells (None: the tuple as it is).
    render: Callable[[tuple], Row] | None = None

    @property
    def label_phrase(self) -> dict:
        return phrases.phrase(f"exports.export.{self.kind}")


@dataclass(frozen=True)
class Importer:
    kind: str
    label: object
    #: (actor, content: bytes, filename, progress) -> report dict; saves nothing.
    check: Callable[..., dict]
    #: (actor, content: bytes, filename, progress) -> report dict with "imported".
    apply: Callable[..., dict]
    #: where the requester goes after the import (a URL name, reversed without arguments).
    done_url_name: str = "home"

    @property
    def label_phrase(self) -> dict:
        return phrases.phrase(f"exports.import.{self.kind}")


_EXPORTERS: dict[str, Exporter] = {}
_IMPORTERS: dict[str, Importer] = {}


def register_exporter(exporter: Exporter) -> Exporter:
    _EXPORTERS[exporter.kind] = exporter
    phrases.register(f"exports.export.{exporter.kind}", exporter.label)
    return exporter


def register_importer(importer: Importer) -> Importer:
    _IMPORTERS[importer.kind] = importer
    phrases.register(f"exports.import.{importer.kind}", importer.label)
    return importer


def exporter(kind: str) -> Exporter:
    """The registered exporter; KeyError for an unknown kind (a programming error)."""
    return _EXPORTERS[kind]


def importer(kind: str) -> Importer:
    return _IMPORTERS[kind]
