"""The shape every state machine shares (STYLE: "a table of allowed transitions, one service
function per transition"): one `Transition` per row of an app's `TRANSITIONS` table, which its
service, its `may_*` twin, its page and its API all read; and `passes`, the twin of any `ensure_*`
check (a transition's or another rule's), so a page never offers what the service would refuse.

The apps keep their own refusal messages (they name the object: "this claim", "the bonus sheet of
2025-03") and their own extra conditions (an event is held once it has started); only the table
row and the yes/no answer are shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.exceptions import ApplicationError


@dataclass(frozen=True)
class Transition:
    """One row of a state machine's table: the states it leaves from, the state it leads to, the
    verb a refusal names ("Cannot approve this claim: …") and, where the table says who takes it,
    the roles that may (empty: the app decides who, e.g. by the person's place in the tree)."""

    sources: tuple[str, ...]
    target: str
    label: object
    roles: tuple[str, ...] = ()

    def leaves_from(self, status: str) -> bool:
        """Whether an object in `status` may take this transition (the state half of the rule)."""
        return status in self.sources


def passes(check: Callable[..., object], /, *args, refusals: tuple[type[Exception], ...] = (ApplicationError,),
           **kwargs) -> bool:
    """The `may_*` twin of `check(*args, **kwargs)`: True when it raises none of `refusals` (by
    default any domain error: 400/403/404/409), False when it refuses. Anything else propagates."""
    try:
        check(*args, **kwargs)
    except refusals:
        return False
    return True
