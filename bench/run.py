"""`python -m bench [--scale large|small]` — see `bench/__init__.py` and `make help`.

1. `DATABASE_URL` (PostgreSQL) is migrated; when it holds no people, `seed_demo --size <scale>`
   fills it (a database seeded at the other scale is refused).
2. The app is served as production serves it: gunicorn (`--workers`, 60 s timeout, as the
   Dockerfile), `salesops.settings.production` with a throwaway SECRET_KEY, ALLOWED_HOSTS
   127.0.0.1, collected static files; requests say `X-Forwarded-Proto: https` as the TLS proxy
   does. `bench.wsgi` adds the query count and the server time as headers.
3. Each measure signs in as its user, runs its warm-up, then up to `runs` samples (bounded by
   `max_seconds`), one request at a time. p50/p95 are client times on localhost (request written
   to last byte read); the server's own time is in the Server-Timing header and printed beside
   them. Its SQL floor is timed with a cursor in this process, same database, same run; the ratio
   is p50 over the floor's p50.
4. One table; the exit status is 1 when a budget is missed (large scale only: `small` is the
   smoke run of CI and asserts nothing about budgets, only that every measure answered)."""

import argparse
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "salesops-demo"
USERS = {"large": {"director": "director", "rep": "rep0001", "hr": "hr"},
         "small": {"director": "director", "rep": "rep01", "hr": "hr"}}
EXPECTED_REPS = {"large": 1000, "small": 24}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Bench:
    def __init__(self, args):
        self.args = args
        self.scale = args.scale
        self.heavy_runs = args.heavy_runs
        self.port = args.port or _free_port()
        self.clients = {}
        self.created_follow_ups = []
        self.current = None
        self.facts = {}
        self.server = None

    # --- environment -------------------------------------------------------------------------
    def env(self) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "salesops.settings.production",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_hex(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
        }

    @staticmethod
    def has_broker(env) -> bool:
        return bool(env.get("REDIS_URL") or env.get("CELERY_BROKER_URL"))

    def manage(self, *argv, quiet=False):
        print(f"$ manage.py {' '.join(argv)}", flush=True)
        subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, env=self._env, check=True,
                       stdout=subprocess.DEVNULL if quiet else None)

    def prepare(self):
        if not os.environ.get("DATABASE_URL"):
            sys.exit("make bench needs DATABASE_URL (PostgreSQL), e.g. postgres://postgres@127.0.0.1:5432/salesops_bench")
        if self.scale == "large" and not self.has_broker(os.environ):
            # Without a broker every Celery task runs inside the request that enqueues it: the
            # month close then sends its ~450 plan-notice emails in-process (22 of its 24 s in the
            # last run) and a large export meets gunicorn's timeout. Production has a broker.
            sys.exit("make bench at full scale runs production-shaped: set REDIS_URL (or CELERY_BROKER_URL),"
                     " e.g. redis://127.0.0.1:6379/0; the bench starts its own Celery worker")
        self._env = self.env()
        os.environ.update({k: self._env[k] for k in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS")})
        self.manage("migrate", "--noinput", "-v0")
        import django

        django.setup()
        from teams.models import Employee, Role

        reps = Employee.objects.filter(role=Role.REP).count()
        if reps == 0:
            started = time.monotonic()
            self.manage("seed_demo", "--size", self.scale, "--seed", str(self.args.seed), quiet=True)
            self.seed_seconds = time.monotonic() - started
            print(f"seeded the {self.scale} demo in {self.seed_seconds:.0f} s", flush=True)
        elif reps != EXPECTED_REPS[self.scale]:
            sys.exit(f"DATABASE_URL holds {reps} reps, not the {self.scale} demo's {EXPECTED_REPS[self.scale]}:"
                     " use an empty database (or the other --scale)")
        self.manage("collectstatic", "--noinput", "-v0")
        self.facts = self.gather_facts()

    def gather_facts(self) -> dict:
        from django.db.models import Count
        from django.utils import timezone

        from common.periods import Period
        from customers.models import Customer, FollowUp
        from incentives.models import BonusSheet
        from performance.models import Scorecard
        from teams.models import Employee

        today = timezone.localdate()
        users = USERS[self.scale]
        rep = Employee.objects.get(user__username=users["rep"])
        rep_customers = list(Customer.objects.filter(owner=rep).order_by("pk").values_list(
            "pk", "last_follow_up_at", "next_follow_up_on")[:30])
        sheets = list(BonusSheet.objects.order_by("-month").values_list("month", "status"))
        latest = sheets[0][0]
        exported = next((m for m, status in sheets if status in ("exported", "approved")), latest)
        busiest = (FollowUp.objects.values("customer").annotate(n=Count("id")).order_by("-n", "customer")
                   .values_list("customer", flat=True)[:1])
        # The first run of a month: the latest finished month no close has touched (a rerun when none is left).
        closed = {m for m, _ in sheets}
        first, month = None, Period.of_month(today).previous_month()
        for _ in range(11):
            if month.start not in closed:
                first = month
                break
            month = month.previous_month()
        close = first or Period.of_month(latest)
        scorecard_month = Scorecard.objects.order_by("-month").values_list("month", flat=True).first()
        return {
            "today": today, "year": today.year, "customers": Customer.objects.count(),
            "busiest_customer": busiest[0] if busiest else Customer.objects.values_list("pk", flat=True).first(),
            "sheet_month": f"{latest:%Y-%m}", "sheet_month_start": latest,
            "exported_month": f"{exported:%Y-%m}", "exported_month_start": exported,
            "scorecard_month": scorecard_month,
            "rep": rep.pk, "rep_customers": [pk for pk, _, _ in rep_customers],
            "rep_customer_state": {pk: (last, next_on) for pk, last, next_on in rep_customers},
            "first_close_month": str(close), "first_close_is_first": first is not None,
            "close_month_range": (close.start, close.end),
        }

    # --- server --------------------------------------------------------------------------------
    def serve(self):
        self.log = tempfile.NamedTemporaryFile(prefix="salesops-bench-gunicorn-", suffix=".log", delete=False)
        command = [str(Path(sys.executable).with_name("gunicorn")), "bench.wsgi:application",
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.args.workers), "--timeout", "60"]
        self.server = subprocess.Popen(command, cwd=ROOT, env=self._env, stdout=self.log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        # Production runs jobs (large exports) in a Celery worker: with a broker, so does the bench.
        # Without one, tasks run in-process inside the request, bounded by gunicorn's timeout.
        self.worker = None
        if self.has_broker(self._env):
            worker = [str(Path(sys.executable).with_name("celery")), "-A", "salesops", "worker",
                      "--pool=solo", "--concurrency=1", "-l", "warning", "-n", f"bench-{self.port}@%h"]
            self.worker = subprocess.Popen(worker, cwd=ROOT, env=self._env, stdout=self.log,
                                           stderr=subprocess.STDOUT, start_new_session=True)
        from bench.client import Client

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                Client("127.0.0.1", self.port).get("/accounts/login/")
                return
            except OSError:
                if self.server.poll() is not None:
                    break
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer: {Path(self.log.name).read_text()[-3000:]}")

    def stop(self):
        worker = getattr(self, "worker", None)
        if worker and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)

    def client(self, role: str):
        from bench.client import Client

        if role not in self.clients:
            client = Client("127.0.0.1", self.port)
            client.sign_in(USERS[self.scale][role], PASSWORD)
            self.clients[role] = client
        return self.clients[role]

    def export(self, path: str):
        """An export as the user asks for it: the file at once, or — when the app answers with a
        job (a redirect to its progress page) — the job polled through its status JSON until the
        file is downloaded. The reply returned carries the whole time, the highest peak memory and
        the summed query count of every request on the way."""
        import re

        from bench.client import Reply

        client = self.client(self.current.user)
        started = time.perf_counter()
        reply = client.get(path)
        peak, queries, status_url = reply.peak_rss_kb or 0, reply.queries or 0, None
        self.export_trail = [f"{reply.status} {path}"]
        deadline = time.monotonic() + self.current.max_seconds
        for _ in range(5000):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no file after {self.current.max_seconds:.0f} s ({' → '.join(self.export_trail)})")
            content_type = reply.headers.get("content-type", "")
            if "attachment" in reply.headers.get("content-disposition", ""):
                break
            if reply.status in (301, 302, 303):
                target = reply.headers["location"]
            elif "html" in content_type and (match := re.search(r'<a [^>]*href="([^"]+)"[^>]*\bdownload\b',
                                                                 reply.body.decode())):
                target = match.group(1).replace("&amp;", "&")  # the job's page once the file is ready
            elif "html" in content_type and (match := re.search(r'data-status-url="([^"]+)"', reply.body.decode())):
                target = status_url = match.group(1).replace("&amp;", "&")
            elif "json" in content_type and reply.status == 200:
                data = reply.json()
                if data.get("download_url"):
                    target = data["download_url"]
                elif data.get("status") in ("failed", "error") or status_url is None:
                    break
                else:
                    time.sleep(0.2)
                    target = status_url
            else:
                break
            reply = client.get(target)
            peak, queries = max(peak, reply.peak_rss_kb or 0), queries + (reply.queries or 0)
            if len(self.export_trail) < 6:
                self.export_trail.append(f"{reply.status} {target}")
        return Reply(reply.status, {**reply.headers, "x-bench-peak-rss-kb": str(peak), "x-bench-queries": str(queries)},
                     reply.body, time.perf_counter() - started)

    # --- measuring -------------------------------------------------------------------------------
    def measure(self, measure):
        self.current = measure
        result = {"measure": measure, "times": [], "server": [], "queries": [], "kb": [], "rss": [], "errors": []}
        if measure.not_built:
            return result
        try:
            self.client(measure.user)
            # Each gunicorn worker serves the measure before sampling starts (a worker's first request
            # of a view is a cold start, not the steady state a p95 budget is about): the measure's
            # warm-up per worker, so 3 workers and warmup 2 make 6 unmeasured requests.
            for _ in range(measure.warmup * max(1, self.args.workers)):
                measure.sample(self)
            started = time.monotonic()
            for _ in range(self.args.runs if measure.runs == 30 else measure.runs):
                reply = measure.sample(self)
                measure.samples.append(reply)
                if reply.status not in measure.ok_status:
                    result["errors"].append(f"HTTP {reply.status}")
                result["times"].append(reply.seconds * 1000)
                if reply.server_ms is not None:
                    result["server"].append(reply.server_ms)
                if reply.queries is not None:
                    result["queries"].append(reply.queries)
                result["kb"].append(len(reply.body) / 1024)
                if reply.peak_rss_kb:
                    result["rss"].append(reply.peak_rss_kb / 1024)
                if time.monotonic() - started > measure.max_seconds:
                    break
        except Exception as exc:  # a measure that cannot run is reported, not fatal
            result["errors"].append(f"{type(exc).__name__}: {exc}"[:120])
        finally:
            if measure.after:
                measure.after(self)
        from bench.measures import time_floor

        try:
            result["floor"] = time_floor(measure, self, runs=max(3, min(30, len(result["times"]))))
        except Exception as exc:
            result["floor"] = []
            result["errors"].append(f"floor: {type(exc).__name__}: {exc}"[:120])
        return result


def _fmt_ms(value):
    if value is None:
        return "—"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f}"


def verdict(result, scale):
    measure = result["measure"]
    if measure.not_built:
        return "not built"
    if result["errors"] or not result["times"]:
        return "ERROR"
    if scale == "small":
        return "ran"
    p95 = percentile(result["times"], 0.95)
    over = p95 > measure.budget_ms
    if measure.max_kb is not None and max(result["kb"]) > measure.max_kb:
        over = True
    if "300 MB" in measure.budget_label and result["rss"] and max(result["rss"]) >= 300:
        over = True
    return "MISS" if over else "pass"


def table(results, scale) -> tuple[str, int]:
    head = ["measure", "budget", "n", "p50 ms", "p95 ms", "server p50", "queries", "KB", "SQL floor", "ratio", "result"]
    rows, misses = [], 0
    for result in results:
        measure = result["measure"]
        times, floor = result["times"], [s * 1000 for s in result.get("floor", [])]
        p50 = statistics.median(times) if times else None
        floor50 = statistics.median(floor) if floor else None
        budget = measure.budget_label or (_fmt_ms(measure.budget_ms) + (" ms" if measure.budget_ms < 1000 else ""))
        if measure.max_kb and not measure.budget_label:
            budget += f", {measure.max_kb:.0f} KB"
        queries = (f"{min(result['queries'])}" if result["queries"] and min(result["queries"]) == max(result["queries"])
                   else f"{min(result['queries'])}–{max(result['queries'])}" if result["queries"] else "—")
        extra = f"{max(result['kb']):.0f}" if result["kb"] else "—"
        if "300 MB" in measure.budget_label and result["rss"]:
            extra += f" ({max(result['rss']):.0f} MB)"
        state = verdict(result, scale)
        misses += state in ("MISS", "ERROR")
        note = "; ".join(result["errors"][:1]) or measure.note
        rows.append([measure.name, budget, str(len(times)), _fmt_ms(p50), _fmt_ms(percentile(times, 0.95)),
                     _fmt_ms(statistics.median(result["server"]) if result["server"] else None), queries, extra,
                     _fmt_ms(floor50), (f"{p50 / floor50:.0f}×" if p50 / floor50 >= 10 else f"{p50 / floor50:.1f}×") if p50 and floor50 else "—",
                     state + (f" ({note})" if note else "")])
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = [" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("-|-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines), misses


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["large", "small"], default="large")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=30, help="samples of each request measure (default 30)")
    parser.add_argument("--heavy-runs", type=int, default=3, help="samples of close_month and the 100k export")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (the Dockerfile's 3)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--only", default="", help="measure names containing this text only")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    bench = Bench(args)
    # `timeout`/Ctrl-C: stop the server on the way out (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    bench.prepare()
    from bench.measures import all_measures

    started = time.monotonic()
    results = []
    try:
        bench.serve()
        for measure in all_measures(bench):
            if args.only and args.only not in measure.name:
                continue
            result = bench.measure(measure)
            results.append(result)
            print(f"  {measure.name}: {verdict(result, args.scale)}", flush=True)
    finally:
        bench.stop()
    text, misses = table(results, args.scale)
    print()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    jobs = "a Celery worker (broker)" if bench.has_broker(os.environ) else "tasks in-process (no broker)"
    print(f"make bench — scale {args.scale}, {bench.facts['customers']:,} customers, gunicorn {args.workers} workers,"
          f" {jobs}, production settings; times are client times on localhost (server p50: Server-Timing);"
          f" {time.monotonic() - started:.0f} s; load average at the end {load}")
    print(text)
    if args.scale == "small":
        errors = sum(1 for r in results if verdict(r, "small") == "ERROR")
        print(f"\nsmoke: {len(results)} measures, {errors} errors (budgets are not asserted at small scale)")
        return 1 if errors else 0
    print(f"\n{misses} of {len(results)} measures missed their budget" if misses else "\nevery budget met")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
