"""The navigation entry every app's `nav.py` lists in `ITEMS` (`portal.context_processors.nav_items`
shows them by role)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] | None = None
    order: int = 50
