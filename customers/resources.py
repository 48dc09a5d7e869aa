"""Import and export of customers and follow-ups (django-import-export, SPEC §11, §13).

Import is two steps: a dry run that reports every problem with its spreadsheet row number, field
and message (wrong header, bad date, unknown owner, duplicate customer, …) and imports nothing;
then, only when the user confirms, the same run for real, which saves the valid rows and skips
the others. Rows are created through `customer_create`, so an import obeys the same rules as the
form. Exports contain only what the user sees, and text that a spreadsheet would run as a formula
is escaped."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import tablib
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from common.spreadsheets import FORMULA_PREFIXES, escape_formula  # noqa: F401 (re-exported)
from customers.models import Customer, CustomerSource, FollowUp
from customers.services.customers import customer_create, customer_owner_candidates, customer_profile_errors
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

    def __init__(self, *, actor):
        super().__init__()
        self.actor = actor
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


def customers_import(*, actor, dataset: tablib.Dataset, dry_run: bool, preview_rows: int = 50) -> ImportReport:
    """Check (dry_run) or import the customers of `dataset`. Nothing is saved on a dry run or
    when the header is wrong; otherwise valid rows are saved and invalid ones skipped."""
    dataset.headers = [str(h or "").strip() for h in dataset.headers]
    report = ImportReport(total_rows=len(dataset), problems=header_problems(dataset.headers))
    if report.problems:
        return report
    resource = CustomerImportResource(actor=actor)
    result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True)
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


# --- export ------------------------------------------------------------------------------------

def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class CustomerExportResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name="id")
    name = fields.Field(attribute="name", column_name="name")
    owner_number = fields.Field(attribute="owner__number", column_name="owner_number")
    owner_name = fields.Field(attribute="owner__name", column_name="owner_name")
    tier = fields.Field(attribute="tier", column_name="tier")
    status = fields.Field(attribute="status", column_name="status")
    completeness = fields.Field(attribute="completeness", column_name="completeness")
    last_follow_up_at = fields.Field(column_name="last_follow_up_at")
    created_at = fields.Field(column_name="created_at")

    class Meta:
        model = Customer
        fields = (
            "id", "name", "owner_number", "owner_name", "tier", "status", "completeness", "industry", "region",
            "address", "contact_name", "contact_phone", "contact_im", "source", "company_size", "needs_summary",
            "next_follow_up_on", "last_follow_up_at", "created_at",
        )
        export_order = fields

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def dehydrate_last_follow_up_at(self, customer):
        return _local(customer.last_follow_up_at)

    def dehydrate_created_at(self, customer):
        return _local(customer.created_at)


class FollowUpExportResource(resources.ModelResource):
    customer_name = fields.Field(attribute="customer__name", column_name="customer")
    author_number = fields.Field(attribute="author__number", column_name="author_number")
    author_name = fields.Field(attribute="author__name", column_name="author")
    occurred_at = fields.Field(column_name="occurred_at")
    logged_at = fields.Field(column_name="logged_at")

    class Meta:
        model = FollowUp
        fields = (
            "id", "customer", "customer_name", "author_number", "author_name", "occurred_at", "logged_at", "channel",
            "content", "feedback", "next_step", "next_follow_up_on", "late",
        )
        export_order = fields

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def dehydrate_occurred_at(self, followup):
        return _local(followup.occurred_at)

    def dehydrate_logged_at(self, followup):
        return _local(followup.logged_at)


def export_rows(resource: resources.ModelResource, queryset) -> Iterator[list]:
    """Header then one row per object, streamed from the database in chunks (constant memory)."""
    yield resource.get_export_headers()
    for instance in queryset.iterator(chunk_size=2000):
        yield resource.export_resource(instance)
