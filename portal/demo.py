"""The demo-data framework behind `manage.py seed_demo` (SPEC §11, §12).

Each installed app may define `demo.py` (or a `demo/` package) with `seed(ctx: DemoContext)`;
builders run in INSTALLED_APPS order, so later apps find the people (and customers, targets, …) the
earlier ones made in `ctx.data`. An app added later (exports, alerts, …) only writes its own
`demo.py`: nothing here names it. Apps import this module for type hints only (under
`TYPE_CHECKING`): no domain app imports `portal` at run time.

Sizes: `small` is the demo of `make run` and the browser tests; `large` is SPEC §12's data set
(`LARGE`: 1,000 reps in 100 teams, 100,000 customers, 1,000,000 follow-ups over 12 months, 50,000
contracts, 12 months of targets) that `make bench` measures. Everything is deterministic for a
given `--seed`: builders draw only from `ctx.rng` and `ctx.today`."""

import random
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from django.conf import settings

DEMO_PASSWORD = "salesops-demo"

#: SPEC §12: what `seed_demo --size large` makes, exactly (the bench checks it).
LARGE = {
    "regions": 10,
    "teams": 100,
    "reps": 1000,
    "customers": 100_000,
    "follow_ups": 1_000_000,
    "follow_up_months": 12,
    "contracts": 50_000,
    "target_months": 12,
}


@dataclass
class DemoContext:
    size: str
    seed: int
    today: date
    rng: random.Random
    stdout: object = None
    password: str = DEMO_PASSWORD
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, name)
    data: dict = field(default_factory=dict)  # what builders hand to later builders
    sizes: dict = field(default_factory=dict)  # large: LARGE (builders read their exact counts here)

    def __post_init__(self):
        if self.size == "large" and not self.sizes:
            self.sizes = dict(LARGE)

    @property
    def large(self) -> bool:
        return self.size == "large"

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def demo_builders():
    """(app label, seed function) of every installed app with a demo module, in INSTALLED_APPS order."""
    builders = []
    for app in settings.INSTALLED_APPS:
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        if hasattr(module, "seed") and module.__name__ != __name__:
            builders.append((app, module.seed))
    return builders
