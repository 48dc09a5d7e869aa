"""Demo data of the dashboard (runs last: INSTALLED_APPS order): the seeding writes in bulk, which
sends no signal, so the facts are rebuilt from what the other apps seeded, and today's forecast of
every unit is kept (the accuracy table starts with it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.facts import rebuild_facts
from dashboard.selectors import snapshot_forecasts

if TYPE_CHECKING:
    from portal.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    rows = rebuild_facts(today=ctx.today)
    units = snapshot_forecasts(today=ctx.today)
    ctx.log(f"  {rows} facts rows, {units} forecast snapshots")
