"""Marks other apps put on an employee's page (e.g. incentives' "promotion priority" / "promotion
on hold", SPEC §5.9–§5.10) without teams importing them: an app registers a provider in its
AppConfig.ready, the employee page asks `profile_marks`.

A provider is `fn(*, employee_ids: list[int], as_of: date) -> dict[int, list[str]]` (mark codes
per employee id, set-based) with the label of each code it may answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

_providers: list[tuple[Callable, dict]] = []


def register_profile_marks(fn: Callable, *, labels: dict) -> None:
    """Add a provider of marks (idempotent: registering the same function twice keeps one)."""
    if all(existing is not fn for existing, _labels in _providers):
        _providers.append((fn, labels))


def profile_marks(*, employee_ids: list[int], as_of: date) -> dict[int, list[dict]]:
    """Per employee id: the marks every provider answers, each `{"code", "label"}`."""
    marks: dict[int, list[dict]] = {}
    for fn, labels in _providers:
        for employee_id, codes in fn(employee_ids=employee_ids, as_of=as_of).items():
            marks.setdefault(employee_id, []).extend({"code": code, "label": labels.get(code, code)} for code in codes)
    return marks
