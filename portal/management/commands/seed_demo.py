"""`manage.py seed_demo [--size small|large] [--seed N] [--if-empty]`: the deterministic demo
organisation (SPEC §11; large = SPEC §12's sizes), built by every app's `demo.py` in
INSTALLED_APPS order (`portal.demo`), then its sign-ins printed."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from common.notifications import emails_suppressed
from portal.demo import DEMO_PASSWORD, DemoContext, demo_builders
from teams.models import Employee


class Command(BaseCommand):
    help = "Build the deterministic demo organisation (SPEC §11, large: §12) and print its sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "large"], default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (but print the sign-ins) when people exist."
        )

    def handle(self, *args, size, seed, if_empty, **options):
        if Employee.objects.exists():
            if if_empty:
                self._print_sign_ins(self._existing_sign_ins())
                return
            raise CommandError("The database already has people; seed_demo only fills an empty database.")
        ctx = DemoContext(size=size, seed=seed, today=timezone.localdate(), rng=random.Random(seed), stdout=self.stdout)
        started = time.monotonic()
        # The demo's notifications fill the inboxes; no email goes to its made-up addresses.
        with emails_suppressed(), transaction.atomic():
            for app, build in demo_builders():
                step = time.monotonic()
                build(ctx)
                ctx.log(f"  {app}: {time.monotonic() - step:.1f}s")
        if connection.vendor == "postgresql":
            # A bulk load leaves the planner with the empty tables' statistics (a nested loop over
            # "1 row" that is 9,000: 120 ms where 24 ms is the plan); autovacuum would catch up
            # minutes later, a benchmark or a first visitor should not have to wait for it.
            step = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            ctx.log(f"  analyze: {time.monotonic() - step:.1f}s")
        ctx.log(f"Demo data ({size}, seed {seed}) built in {time.monotonic() - started:.1f}s.")
        self._print_sign_ins(ctx.sign_ins)

    def _existing_sign_ins(self):
        rows = [("admin", "admin", "Administrator")]
        for employee in Employee.objects.select_related("user").order_by("number")[:40]:
            rows.append((employee.user.username, employee.role, employee.name))
        return rows

    def _print_sign_ins(self, sign_ins):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Sign-ins (password for every demo user: {DEMO_PASSWORD})"))
        for username, role, name in sign_ins:
            self.stdout.write(f"  {username:<18} {role:<11} {name}")
