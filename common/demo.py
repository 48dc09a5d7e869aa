"""The demo-data framework behind `manage.py seed_demo`. Each domain app may define `demo.py`
with `seed(ctx: DemoContext)`; builders run in INSTALLED_APPS order, so later apps find the
people (and customers, targets, …) the earlier ones made in `ctx`."""

import random
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from django.conf import settings

DEMO_PASSWORD = "salesops-demo"


@dataclass
class DemoContext:
    size: str
    seed: int
    today: date
    rng: random.Random
    stdout: object = None
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, name)
    data: dict = field(default_factory=dict)  # what builders hand to later builders

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def demo_builders():
    builders = []
    for app in settings.INSTALLED_APPS:
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        if hasattr(module, "seed"):
            builders.append((app, module.seed))
    return builders
