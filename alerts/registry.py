"""The alert kinds. Adding a kind is one registered function (SPEC §8; training, events and
complaints add theirs in `<app>/alerts.py`, discovered like `phrases.py`)::

    from alerts.registry import Item, daily_alert

    @daily_alert("certification_expiry", _("Certification expiring"),
                 header=_("%(count)s certifications expire soon."))
    def certification_expiry(today):
        for cert in ...:
            yield Item(key=f"certification-expiry:{cert.pk}:30", recipients=[cert.employee.user],
                       message=phrase("training.cert_expiring", ...), link=...)

A daily kind returns the items that are due on `today` — everything whose threshold has passed
(the run drops what each person already received, by `Item.key`), so a run after missed days
catches up. Each person gets one digest notification per kind and day listing their items.
Kinds other apps send themselves (a bonus sheet to approve) register only a label
(`register_kind`), so the inbox filter and the email switches name them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.module_loading import autodiscover_modules

from common.phrases import register as register_phrase


@dataclass(frozen=True)
class Item:
    """One alert: `key` says what it is about and its threshold (``contract-renewal:123:30``);
    `recipients` are users (None entries are dropped); `message` a phrase; `link` a path."""

    key: str
    recipients: list
    message: dict
    link: str = ""


@dataclass(frozen=True)
class Kind:
    code: str
    label: object
    collect: Callable[[date], Iterable[Item]] | None = None
    header: str = ""  # the phrase id of a digest's first line
    order: int = 50


_KINDS: dict[str, Kind] = {}
_discovered = False


def register_kind(code: str, label, *, order: int = 90) -> None:
    """A kind other code sends (no daily collection): a label for the inbox and the email switches."""
    _KINDS.setdefault(code, Kind(code=code, label=label, order=order))


def daily_alert(code: str, label, *, header, order: int = 50):
    """Register `collect(today) -> Iterable[Item]` as the daily alert `code`. `header` is a lazy
    text with ``%(count)s`` (the digest's first line)."""

    def decorate(collect):
        phrase_id = register_phrase(f"alerts.digest.{code}", header)
        _KINDS[code] = Kind(code=code, label=label, collect=collect, header=phrase_id, order=order)
        return collect

    return decorate


def discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        import alerts.kinds  # noqa: F401  the kinds with data today

        autodiscover_modules("alerts")


def all_kinds() -> list[Kind]:
    discover()
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.code))


def daily_kinds() -> list[Kind]:
    return [kind for kind in all_kinds() if kind.collect is not None]


def get_kind(code: str) -> Kind | None:
    discover()
    return _KINDS.get(code)


def kind_label(code: str) -> str:
    kind = get_kind(code)
    return str(kind.label) if kind else code


def unregister(code: str) -> None:
    """Tests register throwaway kinds; this removes one."""
    _KINDS.pop(code, None)


__all__ = ["Item", "Kind", "daily_alert", "register_kind", "all_kinds", "daily_kinds", "get_kind",
           "kind_label", "discover"]
