"""The measures of `make bench` (SPEC §12), each with its budget, the user it runs as, one sample
(`sample(bench) -> Reply`) and its SQL floor (`floor(bench)`: the raw SQL the measure needs at
minimum, run with a cursor in the bench process against the same database, same run).

Every list endpoint of the API (`/api/v1/<name>/`, found in the URL resolver, so a new app's
endpoints are measured without an edit here) and every list page below is measured as the
director (who sees the most): ≤ 300 ms p95 and ≤ 500 KB. Floors of lists: the page's 50 rows in
the list's default order (`Model.objects.all()[offset:offset + 50]`, so a deep page's floor is
its OFFSET query). Pages that are not built yet (the team dashboard, Rep · Today: issue 12) show
as "not built" and are no miss."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import connection, transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

if TYPE_CHECKING:
    from bench.client import Reply
    from bench.run import Bench

PAGE = 50
LIST_MS, LIST_KB = 300, 500


@dataclass
class Measure:
    name: str
    budget_ms: float
    user: str  # "director", "rep", "hr"
    sample: Callable[[Bench], Reply]
    floor: Callable[[Bench], None] | None = None
    max_kb: float | None = LIST_KB
    runs: int = 30
    warmup: int = 2
    max_seconds: float = 45  # stop sampling a slow measure after this long (it is reported as missed)
    ok_status: tuple = (200,)
    budget_label: str = ""
    after: Callable[[Bench], None] | None = None
    note: str = ""
    not_built: bool = False
    samples: list = field(default_factory=list)


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def run_sql(queryset_or_sql, params=None) -> None:
    """Execute and fetch all rows (the floor includes moving the rows to the client)."""
    if isinstance(queryset_or_sql, str):
        sql = queryset_or_sql
    else:
        sql, params = queryset_or_sql.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        cursor.fetchall()


def rows_floor(label: str, *, offset: int = 0, **filters):
    def floor(bench: Bench) -> None:
        model = _model(label)
        run_sql(model.objects.filter(**filters)[offset:offset + PAGE])
    return floor


def get(path: str | Callable[[Bench], str]):
    def sample(bench: Bench) -> Reply:
        return bench.client(bench.current.user).get(path(bench) if callable(path) else path)
    return sample


def deepest_page(rows: int) -> int:
    """The deepest page a list serves: the last one, or the last within the count cap when lists
    are bounded (`common.pagination.COUNT_CAP`: past it the API answers 404)."""
    from common.pagination import COUNT_CAP

    return max(1, min(rows, COUNT_CAP) // PAGE)


def url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- pages -----------------------------------------------------------------------------------------

def page_measures(bench: Bench) -> list[Measure]:
    facts = bench.facts
    deep = deepest_page(facts["customers"])
    month = facts["sheet_month"]
    pages = [
        # "/" is a redirect to the role's screen (the dashboard, Today), measured below.
        ("customers page 1", "/customers/", rows_floor("customers.Customer")),
        (f"customers page {deep} (deep)", f"/customers/?page={deep}",
         rows_floor("customers.Customer", offset=(deep - 1) * PAGE)),
        ("customer page (busiest)", f"/customers/{facts['busiest_customer']}/",
         lambda b: run_sql(_model("customers.FollowUp").objects.filter(customer_id=b.facts["busiest_customer"])[:PAGE])),
        ("log follow-up form (picker)", "/follow-ups/new/", rows_floor("customers.Customer")),
        ("pipeline board", "/pipeline/", rows_floor("customers.Opportunity")),
        ("contracts", "/contracts/", rows_floor("customers.Contract")),
        ("receivables", "/receivables/", rows_floor("customers.Receivable")),
        ("bonus sheets index", "/bonus/", rows_floor("incentives.BonusSheet")),
        (f"bonus sheet {month}", f"/bonus/{month}/",
         lambda b: run_sql(_model("incentives.BonusRow").objects.filter(sheet__month=b.facts["sheet_month_start"]))),
        ("annual lists", "/annual-lists/", None),
        ("targets tree", "/targets/",
         lambda b: run_sql(_model("targets.SalesTarget").objects.filter(period=str(b.facts["year"]), employee__isnull=True))),
        ("team scorecards", "/scorecards/team/",
         lambda b: run_sql(_model("performance.Scorecard").objects.filter(month=b.facts["scorecard_month"])[:PAGE])),
        ("ratings", "/scorecards/ratings/", rows_floor("performance.ManagerRating")),
        ("plans", "/plans/", rows_floor("performance.ImprovementPlan")),
        ("people list", "/people/", rows_floor("teams.Employee")),
        ("org chart", "/org/", lambda b: run_sql(_model("teams.OrgUnit").objects.all())),
        ("weekly report (company)", "/weekly-report/", rows_floor("customers.FollowUp")),
    ]
    measures = [Measure(f"page: {name}", LIST_MS, "director", get(path), floor) for name, path, floor in pages]
    # The wave-2 pages (training, events, complaints, expenses, statements): measured as the director
    # once their app serves them, listed as "not built" before.
    for name, route, args, floor in [
        ("training calendar", "training:calendar", (), rows_floor("training.TrainingSession")),
        ("training overview", "training:overview", (), rows_floor("training.Attendance")),
        ("events", "events:event-list", (), rows_floor("events.MarketingEvent")),
        ("events report (company)", "events:unit-report", (), rows_floor("events.Invitation")),
        ("complaints", "customers:complaint-list", (), rows_floor("customers.Complaint")),
        ("complaint queue", "customers:complaint-queue", (), rows_floor("customers.Complaint")),
        ("expense claims", "expenses:claims", (), rows_floor("expenses.ExpenseClaim")),
        ("expense approvals", "expenses:approvals", (), rows_floor("expenses.ExpenseClaim")),
        ("expense budgets", "expenses:budgets", (), rows_floor("expenses.ExpenseBudget")),
        (f"statement {month} of a rep", "incentives:statement-of", (month, facts["rep"]),
         lambda b: run_sql(_model("incentives.BonusRow").objects.filter(
             sheet__month=b.facts["sheet_month_start"], employee_id=b.facts["rep"]))),
    ]:
        path = url(route, *args)
        measures.append(Measure(f"page: {name}", LIST_MS, "director", get(path or "/"), floor if path else None,
                                not_built=path is None))
    # Issue 12 adds these pages; until then they are listed, not measured.
    for name, budget, user, candidates in [
        ("team dashboard (company)", 150, "director", ["dashboards:team", "dashboard:team", "portal:dashboard"]),
        ("Rep · Today", 50, "rep", ["today:today", "dashboards:today", "dashboard:today", "portal:today"]),
    ]:
        path = next((p for p in map(url, candidates) if p), None)
        measures.append(Measure(f"page: {name}", budget, user, get(path or "/"), not_built=path is None))
    return measures


# --- API list endpoints (discovered) -------------------------------------------------------------

def _api_lists() -> list[tuple[str, object]]:
    """(path, view class) of every `<basename>-list` route under /api/v1/."""
    found = []

    def plain(pattern) -> str:
        return str(pattern.pattern).lstrip("^").rstrip("$").replace("\\", "")

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + plain(pattern))
            elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("-list"):
                route = prefix + plain(pattern)
                if "<" in route or "(?P" in route or "." in route:
                    continue
                found.append(("/" + route, pattern.callback))
    walk(get_resolver().url_patterns, "")
    return sorted({p: c for p, c in found if p.startswith("/api/v1/")}.items())


#: Endpoints whose view builds its queryset per request (nothing to read on the class).
API_MODELS = {
    "customers": "customers.Customer", "follow-ups": "customers.FollowUp", "opportunities": "customers.Opportunity",
    "employees": "teams.Employee", "bonus-sheets": "incentives.BonusSheet", "surveys": "customers.SatisfactionSurvey",
    "contracts": "customers.Contract", "receivables": "customers.Receivable", "payments": "customers.Payment",
    "scorecards": "performance.Scorecard", "targets": "targets.SalesTarget",
    "training-sessions": "training.TrainingSession", "attendances": "training.Attendance",
    "assessments": "training.Assessment", "certifications": "training.Certification",
    "events": "events.MarketingEvent", "invitations": "events.Invitation", "complaints": "customers.Complaint",
    "expense-budgets": "expenses.ExpenseBudget", "expense-claims": "expenses.ExpenseClaim",
    "bonus-inquiries": "incentives.BonusInquiry",
}


def _api_model(path, callback):
    name = path.rstrip("/").rsplit("/", 1)[-1]
    if name in API_MODELS and _model(API_MODELS[name]) is not None:
        return _model(API_MODELS[name])
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(cls, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def _dashboard_floor(bench: Bench) -> None:
    """The company dashboard's read model at minimum: 13 months of every person's facts."""
    start = (bench.facts["today"].replace(day=1) - timedelta(days=366)).replace(day=1)
    run_sql(_model("dashboard.MonthFacts").objects.filter(month__gte=start).values_list("employee_id", "month", "actual"))


def api_measures(bench: Bench) -> list[Measure]:
    measures = []
    for path, callback in _api_lists():
        model = _api_model(path, callback)
        floor = (lambda b, m=model: run_sql(m.objects.all()[:PAGE])) if model is not None else None
        measures.append(Measure(f"api: {path}", LIST_MS, "director", get(path), floor))
    # The everyday screens' JSON (SPEC §10) under the same budgets as their pages.
    measures += [
        Measure("api: /api/v1/dashboard/ (company)", 150, "director", get("/api/v1/dashboard/"), _dashboard_floor),
        Measure("api: /api/v1/today/", 50, "rep", get("/api/v1/today/"), rows_floor("customers.Customer")),
        Measure("api: /api/v1/weekly-report/ (company)", LIST_MS, "director", get("/api/v1/weekly-report/"),
                rows_floor("customers.FollowUp")),
    ]
    month = bench.facts["sheet_month"]
    statement = lambda b: run_sql(_model("incentives.BonusRow").objects.filter(  # noqa: E731
        sheet__month=b.facts["sheet_month_start"], employee_id=b.facts["rep"]))
    if url("incentives:statement", month):  # statements (SPEC §5.5): the rep's own, a rep's as the director
        measures.append(Measure(f"api: /api/v1/statements/{month}/ (own, rep)", LIST_MS, "rep",
                                get(f"/api/v1/statements/{month}/"), statement))
        measures.append(Measure(f"api: /api/v1/statements/{month}/<rep>/", LIST_MS, "director",
                                get(lambda b: f"/api/v1/statements/{month}/{b.facts['rep']}/"), statement))
    for label, path in [("customers.Customer", "/api/v1/customers/"), ("customers.FollowUp", "/api/v1/follow-ups/")]:
        model = _model(label)
        total = model.objects.count() if model else 0
        deep = deepest_page(total)
        measures.append(Measure(f"api: {path}?page={deep} (deep)", LIST_MS, "director", get(f"{path}?page={deep}"),
                                rows_floor(label, offset=(deep - 1) * PAGE)))
    return measures


# --- writes, jobs, exports -----------------------------------------------------------------------

def _log_follow_up(bench: Bench) -> Reply:
    rep = bench.facts["rep"]
    customer = bench.facts["rep_customers"][len(bench.current.samples) % len(bench.facts["rep_customers"])]
    occurred = timezone.localtime() - timedelta(minutes=5)
    reply = bench.client("rep").post_json("/api/v1/follow-ups/", {
        "customer": customer, "occurred_at": occurred.isoformat(timespec="seconds"), "channel": "phone",
        "content": "Bench: phoned about the renewal", "feedback": "Interested", "next_step": "Send the quote",
    })
    if reply.status == 201:
        bench.created_follow_ups.append(reply.json()["id"])
    del rep
    return reply


def _log_follow_up_floor(bench: Bench) -> None:
    """INSERT the entry and UPDATE its customer's last/next follow-up, in a transaction rolled back."""
    followup = _model("customers.FollowUp")
    customer = bench.facts["rep_customers"][0]
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {followup._meta.db_table} (customer_id, author_id, occurred_at, logged_at, channel, content,"
                " feedback, next_step, late, updated_at) VALUES (%s, %s, %s, %s, 'phone', 'x', 'x', 'x', false, %s)",
                [customer, bench.facts["rep"], now, now, now],
            )
            cursor.execute(
                f"UPDATE {_model('customers.Customer')._meta.db_table} SET last_follow_up_at = %s WHERE id = %s",
                [now, customer],
            )
        transaction.set_rollback(True)


def _forget_bench_follow_ups(bench: Bench) -> None:
    """The bench's own entries are deleted again and the customers' last/next follow-up restored."""
    followup, customer = _model("customers.FollowUp"), _model("customers.Customer")
    followup.objects.filter(pk__in=bench.created_follow_ups).delete()
    for pk, (last, next_on) in bench.facts["rep_customer_state"].items():
        customer.objects.filter(pk=pk).update(last_follow_up_at=last, next_follow_up_on=next_on)
    bench.created_follow_ups.clear()


def _close_month(month_key: str):
    def sample(bench: Bench) -> Reply:
        month = bench.facts[month_key]
        return bench.client("hr").post_form(f"/bonus/{month}/generate/", {"note": ""})
    return sample


def _close_month_floor(bench: Bench) -> None:
    """What a month close reads at minimum: sales, follow-ups and customers per person in one
    pass of aggregates each (tier inputs included)."""
    start, end = bench.facts["close_month_range"]
    contract, followup, customer = (_model(x) for x in ("customers.Contract", "customers.FollowUp", "customers.Customer"))
    run_sql(f"SELECT owner_id, SUM(amount), COUNT(*) FROM {contract._meta.db_table} WHERE signed_on BETWEEN %s AND %s"
            " GROUP BY owner_id", [start, end])
    run_sql(f"SELECT author_id, COUNT(*), COUNT(DISTINCT occurred_at::date) FROM {followup._meta.db_table}"
            " WHERE occurred_at >= %s AND occurred_at < %s GROUP BY author_id", [start, end + timedelta(days=1)])
    run_sql(f"SELECT c.owner_id, c.id, SUM(k.amount) FROM {customer._meta.db_table} c LEFT JOIN"
            f" {contract._meta.db_table} k ON k.customer_id = c.id AND k.signed_on > %s GROUP BY c.owner_id, c.id",
            [end - timedelta(days=365)])


def _bonus_export(bench: Bench) -> Reply:
    return bench.client("hr").get(f"/bonus/{bench.facts['exported_month']}/export.xlsx")


def _bonus_export_floor(bench: Bench) -> None:
    run_sql(_model("incentives.BonusRow").objects.filter(sheet__month=bench.facts["exported_month_start"]))


def _customer_export(fmt: str):
    def sample(bench: Bench) -> Reply:
        return _export_customers(bench, fmt)
    return sample


def _export_customers(bench: Bench, fmt: str) -> Reply:
    """The director's export of every customer: through the export job when the app has one
    (the reply that starts it, then polled to the file), else the direct download."""
    reply = bench.export(f"/customers/export/?format={fmt}")
    lines = reply.body.count(b"\n") if fmt == "csv" else bench.facts["customers"]
    if fmt == "xlsx" and not reply.body.startswith(b"PK"):
        lines = 0
    if reply.status == 200 and lines < bench.facts["customers"]:
        raise RuntimeError(f"the export has {lines} lines for {bench.facts['customers']} customers"
                           f" ({' → '.join(bench.export_trail)})")
    return reply


def _customer_export_floor(bench: Bench) -> None:
    run_sql(_model("customers.Customer").objects.values_list())


def special_measures(bench: Bench) -> list[Measure]:
    heavy = bench.heavy_runs
    return [
        Measure("log a follow-up (rep, API)", 30, "rep", _log_follow_up, _log_follow_up_floor, max_kb=None,
                ok_status=(201,), after=_forget_bench_follow_ups),
        Measure(f"close_month {bench.facts['first_close_month']} (first run)", 10_000, "hr",
                _close_month("first_close_month"), _close_month_floor, max_kb=None, runs=1, warmup=0,
                ok_status=(302,), note="" if bench.facts["first_close_is_first"] else "no month left unclosed: a rerun"),
        Measure(f"close_month {bench.facts['first_close_month']} (rerun)", 10_000, "hr",
                _close_month("first_close_month"), _close_month_floor, max_kb=None, runs=max(1, heavy - 1), warmup=0,
                ok_status=(302,)),
        Measure(f"bonus sheet export {bench.facts['exported_month']} (xlsx)", 2_000, "hr", _bonus_export,
                _bonus_export_floor, max_kb=None, runs=max(heavy, 10), warmup=1),
        *(Measure(f"customer export, {bench.facts['customers']:,} rows ({fmt})", 30_000, "director",
                  _customer_export(fmt), _customer_export_floor, max_kb=None, runs=heavy, warmup=0, max_seconds=240,
                  budget_label="30 s, < 300 MB") for fmt in ("csv", "xlsx")),
    ]


def all_measures(bench: Bench) -> list[Measure]:
    return [*page_measures(bench), *api_measures(bench), *special_measures(bench)]


def time_floor(measure: Measure, bench: Bench, runs: int) -> list[float]:
    if measure.floor is None:
        return []
    measure.floor(bench)  # warm
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        measure.floor(bench)
        seconds.append(time.perf_counter() - started)
    return seconds
