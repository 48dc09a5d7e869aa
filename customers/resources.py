"""Import and export of customers and follow-ups (django-import-export, SPEC §11, §13).

Import is two steps (a large file runs each as a job of the `exports` app): a dry run that reports every problem with its spreadsheet row number, field
and message (wrong header, bad date, unknown owner, duplicate customer, …) and imports nothing;
then, only when the user confirms, the same run for real, which saves the valid rows and skips
the others. Rows are created through `customer_create`, so an import obeys the same rules as the
form; the check writes nothing and asks the database nothing per row (owners and existing names
are read once). Exports are registered with `exports` and read rows straight from `values_list()`
(no per-field export code); they contain only what the user sees, and text that a spreadsheet
would run as a formula is escaped."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from import_export import fields, resources, widgets

from common.periods import Period
from common.spreadsheets import FORMULA_PREFIXES, escape_formula  # noqa: F401 (re-exported)
from customers.models import Customer, CustomerSource, FollowUp
from customers.selectors.customers import customer_list
from customers.services.customers import customer_create, customer_owner_candidates, customer_profile_errors
from exports.registry import Exporter, Importer, register_exporter, register_importer
from teams.models import Employee
from teams.scoping import acting_employee

# --- import ------------------------------------------------------------------------------------

IMPORT_COLUMNS = (
    "name", "owner_number", "industry", "region", "address", "contact_name", "contact_phone", "contact_im",
    "source", "company_size", "needs_summary", "next_follow_up_on",
)
REQUIRED_COLUMNS = ("name",)
PROFILE_COLUMNS = tuple(c for c in IMPORT_COLUMNS if c not in ("name", "owner_number"))
#: The resource's field names (the owner column is "owner_number", its field "owner").
IMPORT_FIELDS = tuple("owner" if c == "owner_number" else c for c in IMPORT_COLUMNS)


class OwnerWidget(widgets.ForeignKeyWidget):
    """An owner by employee number, among the active salespeople in the importer's scope; empty
    means the importer (when they are a salesperson)."""

    def __init__(self, *, actor):
        super().__init__(Employee, field="number")
        self.actor = actor
        self.candidates = {e.number: e for e in customer_owner_candidates(user=actor)}

    def clean(self, value, row=None, **kwargs):
        number = str(value or "").strip()
        if not number:
            me = acting_employee(self.actor)
            if me is not None and me.number in self.candidates:
                return me
            raise ValueError(_("Give the owner's employee number."))
        if number not in self.candidates:
            raise ValueError(_("Unknown employee number “%(number)s” (or not in your scope).") % {"number": number})
        return self.candidates[number]


class ImportDateWidget(widgets.DateWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date) or value in (None, ""):
            return value or None
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date: use YYYY-MM-DD.") % {"value": value})


class SourceWidget(widgets.CharWidget):
    """A source by its code or its label in English or Chinese."""

    def __init__(self):
        super().__init__()
        self.codes = {}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                self.codes.update({str(label).lower(): code for code, label in CustomerSource.choices})
        self.codes.update({code: code for code in CustomerSource.values})

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        if text.lower() in self.codes:
            return self.codes[text.lower()]
        raise ValueError(_("Unknown source “%(value)s”; use one of: %(codes)s.")
                         % {"value": text, "codes": ", ".join(CustomerSource.values)})


class CustomerImportResource(resources.ModelResource):
    owner = fields.Field(attribute="owner", column_name="owner_number")
    source = fields.Field(attribute="source", column_name="source", widget=SourceWidget())
    next_follow_up_on = fields.Field(attribute="next_follow_up_on", column_name="next_follow_up_on",
                                     widget=ImportDateWidget())

    class Meta:
        model = Customer
        fields = IMPORT_FIELDS
        import_order = IMPORT_FIELDS
        clean_model_instances = True
        skip_diff = True
        use_transactions = True

    def __init__(self, *, actor, check_only: bool, progress=None, total_rows: int = 0):
        super().__init__()
        self.actor = actor
        self.check_only = check_only
        self.progress = progress
        self.total_rows = total_rows
        self.fields["owner"].widget = OwnerWidget(actor=actor)
        self._existing: set[tuple[str, int]] = set()
        self._seen: dict[tuple[str, int], int] = {}
        self._row_number = 0

    def before_import(self, dataset, **kwargs):
        names = {str(name).strip().lower() for name in dataset["name"] if name} if "name" in dataset.headers else set()
        self._existing = set(
            Customer.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=names)
            .values_list("lower_name", "owner_id")
        )
        self._seen = {}

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", 0)
        if self.progress is not None and self._row_number % 500 == 1 and self._row_number > 1:
            self.progress(self._row_number - 1, self.total_rows)  # rows before this one are done
        row.setdefault("owner_number", "")  # no owner column: the importer owns the row, as when empty
        for key, value in row.items():
            if isinstance(value, str):
                row[key] = value.strip()
            elif value is None and key in IMPORT_COLUMNS and key != "next_follow_up_on":
                row[key] = ""

    def get_or_init_instance(self, instance_loader, row):
        return self.init_instance(row), True  # an import only adds customers

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "owner", "created_by"], validate_unique=False,
                                validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # The service's own rules (business years, clean text, …), so a row fails here with its
        # number and field rather than at save time.
        profile = {name: getattr(instance, name) for name in ("name", *PROFILE_COLUMNS)}
        for name, message in customer_profile_errors(**profile).items():
            errors.setdefault(name, [message])
        if instance.name and instance.owner_id and "name" not in errors:
            key = (instance.name.strip().lower(), instance.owner_id)
            if key in self._existing:
                errors["name"] = [_("%(owner)s already has a customer named “%(name)s”.")
                                  % {"owner": instance.owner.name, "name": instance.name}]
            elif key in self._seen:
                errors["name"] = [_("Duplicate of row %(row)d in this file.") % {"row": self._seen[key] + 1}]
            else:
                self._seen[key] = self._row_number
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        if self.check_only:
            return  # the check saves nothing: validate_instance checked every rule of customer_create
        profile = {name: getattr(instance, name) for name in PROFILE_COLUMNS}
        created = customer_create(actor=self.actor, name=instance.name, owner=instance.owner, **profile)
        instance.pk = created.pk


@dataclass(frozen=True)
class ImportProblem:
    row: int  # as in the spreadsheet: the header is row 1
    field: str
    message: str


@dataclass
class ImportReport:
    total_rows: int = 0
    valid_rows: int = 0
    imported: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return len(self.problems)

    @property
    def fatal(self) -> bool:
        """A problem with the file itself (no row can be imported)."""
        return any(problem.row <= 1 for problem in self.problems)


def load_dataset(content: bytes, *, filename: str) -> tablib.Dataset:
    """Parse an uploaded csv/xlsx file; a malformed file raises ValidationError({"file": …})."""
    try:
        if filename.lower().endswith(".xlsx"):
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        else:
            dataset = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
    except UnicodeDecodeError:
        raise ValidationError({"file": _("The file is not UTF-8 text; save the CSV as UTF-8.")})
    except Exception:  # tablib/openpyxl raise many kinds of errors for a broken file
        raise ValidationError({"file": _("The file could not be read as CSV or Excel.")})
    if not dataset.headers:
        raise ValidationError({"file": _("The file is empty.")})
    return dataset


def header_problems(headers: Iterable) -> list[ImportProblem]:
    headers = [str(h or "").strip() for h in headers]
    problems = []
    for column in REQUIRED_COLUMNS:
        if column not in headers:
            problems.append(ImportProblem(1, column, _("Missing column “%(column)s”.") % {"column": column}))
    for column in headers:
        if column not in IMPORT_COLUMNS:
            problems.append(ImportProblem(1, column or "?", _("Unknown column “%(column)s”; expected: %(columns)s.")
                                          % {"column": column, "columns": ", ".join(IMPORT_COLUMNS)}))
    if len(set(headers)) != len(headers):
        problems.append(ImportProblem(1, "header", _("A column appears twice.")))
    return problems


def customers_import(*, actor, dataset: tablib.Dataset, dry_run: bool, preview_rows: int = 50,
                     progress=None) -> ImportReport:
    """Check (dry_run) or import the customers of `dataset`. Nothing is saved on a dry run or
    when the header is wrong; otherwise valid rows are saved and invalid ones skipped.
    `progress(done, total)` is called every 500 rows (a job's progress bar)."""
    dataset.headers = [str(h or "").strip() for h in dataset.headers]
    report = ImportReport(total_rows=len(dataset), problems=header_problems(dataset.headers))
    if report.problems:
        return report
    resource = CustomerImportResource(actor=actor, check_only=dry_run, progress=progress, total_rows=len(dataset))
    if progress is not None:
        progress(0, len(dataset))
    # A check writes nothing, so it needs no transaction — and no savepoint per row, which
    # import-export opens whenever it is told `dry_run` (it saves, then rolls back).
    result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=not dry_run)
    if progress is not None:
        progress(len(dataset), len(dataset))
    columns = {f.attribute: f.column_name for f in resource.get_import_fields()}
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            label = columns.get(name, "" if name == "__all__" else name)
            for message in messages:
                report.problems.append(ImportProblem(invalid.number + 1, label, str(message)))
    for number, errors in result.row_errors():
        for error in errors:
            report.problems.append(ImportProblem(number + 1, "", str(error.error)))
    for error in result.base_errors:
        report.problems.append(ImportProblem(1, "", str(error.error)))
    bad_rows = {problem.row for problem in report.problems}
    report.valid_rows = sum(1 for number in range(2, len(dataset) + 2) if number not in bad_rows)
    if result.has_errors():
        report.valid_rows = 0
    report.preview = [dict(zip(dataset.headers, row, strict=False))
                      for number, row in enumerate(dataset, 2) if number not in bad_rows][:preview_rows]
    if not dry_run and not result.has_errors():
        report.imported = report.valid_rows
    report.problems.sort(key=lambda problem: (problem.row, problem.field))
    return report


def import_template_csv() -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(IMPORT_COLUMNS)
    return buffer.getvalue()


# --- export (through the `exports` app: rows straight from values_list, small ones immediate) ----

def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _text(value) -> str:
    return "" if value is None else str(value)


def _day(value) -> str:
    return value.isoformat() if value else ""


CUSTOMER_EXPORT_COLUMNS = (
    "id", "name", "owner_number", "owner_name", "tier", "status", "completeness", "industry", "region",
    "address", "contact_name", "contact_phone", "contact_im", "source", "company_size", "needs_summary",
    "next_follow_up_on", "last_follow_up_at", "created_at",
)
_CUSTOMER_EXPORT_VALUES = (
    "id", "name", "owner__number", "owner__name", "tier", "status", "completeness_pct", "industry", "region",
    "address", "contact_name", "contact_phone", "contact_im", "source", "company_size", "needs_summary",
    "next_follow_up_on", "last_follow_up_at", "created_at",
)
_CENT = Decimal("0.01")


def customer_export_queryset(user, params):
    """The customers `user` sees with the list's filters, as plain tuples (one query)."""
    return customer_list(
        user=user, tier=params.get("tier"), status=params.get("status"), owner_id=params.get("owner"),
        overdue=bool(params.get("overdue")), search=params.get("q") or "",
    ).values_list(*_CUSTOMER_EXPORT_VALUES)


def customer_export_row(row: tuple) -> list:
    """Cells as the export always wrote them: text, dates ISO, times local to the minute."""
    (pk, name, owner_number, owner_name, tier, status, completeness, industry, region, address, contact_name,
     contact_phone, contact_im, source, company_size, needs_summary, next_follow_up_on, last_follow_up_at,
     created_at) = row
    return [
        str(pk), name, _text(owner_number), _text(owner_name), tier, status,
        str(Decimal(completeness).quantize(_CENT)) if completeness is not None else "", industry, region, address,
        contact_name, contact_phone, contact_im, source, company_size, needs_summary, _day(next_follow_up_on),
        _local(last_follow_up_at), _local(created_at),
    ]


FOLLOWUP_EXPORT_COLUMNS = (
    "id", "customer", "customer", "author_number", "author", "occurred_at", "logged_at", "channel", "content",
    "feedback", "next_step", "next_follow_up_on", "late",
)
_FOLLOWUP_EXPORT_VALUES = (
    "id", "customer_id", "customer__name", "author__number", "author__name", "occurred_at", "logged_at", "channel",
    "content", "feedback", "next_step", "next_follow_up_on", "late",
)


def followup_export_queryset(user, params):
    followups = FollowUp.objects.visible_to(user).order_by("occurred_at", "id")
    if params.get("month"):
        month = Period.parse_month(params["month"])
        followups = followups.filter(occurred_at__date__range=(month.start, month.end))
    if params.get("customer") is not None:
        followups = followups.filter(customer_id=params["customer"])
    return followups.values_list(*_FOLLOWUP_EXPORT_VALUES)


def followup_export_row(row: tuple) -> list:
    (pk, customer_id, customer_name, author_number, author_name, occurred_at, logged_at, channel, content,
     feedback, next_step, next_follow_up_on, late) = row
    return [
        str(pk), customer_id, _text(customer_name), _text(author_number), _text(author_name), _local(occurred_at),
        _local(logged_at), channel, content, feedback, next_step, _day(next_follow_up_on),
        "" if late is None else ("1" if late else "0"),
    ]


CUSTOMER_EXPORTER = register_exporter(Exporter(
    kind="customers", label=Customer._meta.verbose_name_plural, basename="customers", headers=CUSTOMER_EXPORT_COLUMNS,
    queryset=customer_export_queryset, render=customer_export_row,
))
FOLLOWUP_EXPORTER = register_exporter(Exporter(
    kind="follow-ups", label=FollowUp._meta.verbose_name_plural, basename="follow-ups", headers=FOLLOWUP_EXPORT_COLUMNS,
    queryset=followup_export_queryset, render=followup_export_row,
))


# --- import as a job (`exports`): the same check and apply, reported as JSON -------------------

#: A job keeps at most this many problems (the count is kept whole).
STORED_PROBLEMS = 1000
PREVIEW_COLUMNS = ("name", "owner_number", "industry", "region")


def report_as_json(report: ImportReport) -> dict:
    columns = [
        ["name", str(pgettext_lazy("customer or opportunity", "Name"))], ["owner_number", str(gettext_lazy("Owner"))],
        ["industry", str(gettext_lazy("Industry"))], ["region", str(pgettext_lazy("customer location", "Region"))],
    ]
    return {
        "total_rows": report.total_rows, "valid_rows": report.valid_rows, "imported": report.imported,
        "skipped": report.total_rows - report.imported, "fatal": report.fatal,
        "problem_count": len(report.problems),
        "problems": [{"row": p.row, "field": p.field, "message": p.message} for p in report.problems[:STORED_PROBLEMS]],
        "preview_columns": columns,
        "preview": [[_text(row.get(column)) for column in PREVIEW_COLUMNS] for row in report.preview],
    }


def _import_file(*, actor, content: bytes, filename: str, progress, dry_run: bool) -> dict:
    try:
        dataset = load_dataset(content, filename=filename)
    except ValidationError as exc:
        messages = [str(m) for m in exc.message_dict.get("file", exc.messages)]
        return report_as_json(ImportReport(problems=[ImportProblem(1, "file", m) for m in messages]))
    return report_as_json(customers_import(actor=actor, dataset=dataset, dry_run=dry_run, progress=progress))


def customers_import_check(*, actor, content: bytes, filename: str, progress=None) -> dict:
    return _import_file(actor=actor, content=content, filename=filename, progress=progress, dry_run=True)


def customers_import_apply(*, actor, content: bytes, filename: str, progress=None) -> dict:
    return _import_file(actor=actor, content=content, filename=filename, progress=progress, dry_run=False)


CUSTOMER_IMPORTER = register_importer(Importer(
    kind="customers", label=Customer._meta.verbose_name_plural, check=customers_import_check, apply=customers_import_apply,
    done_url_name="customers:customer-list",
))
