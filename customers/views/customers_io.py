"""Import and export pages of customers and follow-ups (django-import-export). The import is a
dry run with a per-row report first; the valid rows are imported only when the user confirms."""

import csv
import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from common.periods import Period
from common.views import add_errors_to_form, domain_errors
from customers.forms_customers import ImportForm
from customers.models import Customer, CustomerStatus, FollowUp, Tier
from customers.resources import (
    CustomerExportResource,
    FollowUpExportResource,
    customers_import,
    export_rows,
    import_template_csv,
    load_dataset,
)
from customers.selectors.access import ensure_may_list
from customers.selectors.customers import customer_list as select_customers
from customers.services.customers import SALES_ROLES
from customers.views._params import id_param
from teams.scoping import require_role

SESSION_KEY = "customer_import"


def _pending(request) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    return pending if pending and default_storage.exists(pending["path"]) else None


def _discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and default_storage.exists(pending["path"]):
        default_storage.delete(pending["path"])


@login_required
@domain_errors
def customer_import(request):
    """Step 1 (upload): dry run, show the report, keep the file. Step 2 (confirm): import the
    valid rows of the kept file. Leaving or cancelling imports nothing."""
    require_role(request.user, *SALES_ROLES)
    if request.GET.get("template"):
        response = HttpResponse(import_template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="customers-import-template.csv"'
        return response
    step = request.POST.get("step")
    if step == "cancel":
        _discard(request)
        messages.info(request, _("Import cancelled; nothing was imported."))
        return redirect("customers:customer-import")
    if step == "confirm":
        pending = _pending(request)
        if pending is None or pending["token"] != request.POST.get("token"):
            messages.error(request, _("Upload the file again: the checked file is no longer available."))
            return redirect("customers:customer-import")
        with default_storage.open(pending["path"], "rb") as stored:
            dataset = load_dataset(stored.read(), filename=pending["name"])
        report = customers_import(actor=request.user, dataset=dataset, dry_run=False)
        _discard(request)
        messages.success(request, _("%(imported)d customers imported; %(skipped)d rows skipped.") % {
            "imported": report.imported, "skipped": report.total_rows - report.imported,
        })
        return redirect("customers:customer-list")

    form = ImportForm(request.POST or None, request.FILES or None)
    report = token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            dataset = load_dataset(content, filename=upload.name)
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            report = customers_import(actor=request.user, dataset=dataset, dry_run=True)
            _discard(request)
            if report.valid_rows and not report.fatal:
                token = uuid.uuid4().hex
                extension = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
                path = default_storage.save(f"imports/{request.user.pk}-{token}{extension}", ContentFile(content))
                request.session[SESSION_KEY] = {"token": token, "path": path, "name": upload.name}
    status = 400 if form.errors else 200
    return render(request, "customers/import_customers.html",
                  {"form": form, "report": report, "token": token}, status=status)


class _Echo:
    def write(self, value):
        return value


def _export_response(resource, queryset, *, basename: str, fmt: str):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(basename)
        for row in export_rows(resource, queryset):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.xlsx"'
        return response
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so Excel reads the UTF-8 (Chinese) text correctly
        for row in export_rows(resource, queryset):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.csv"'
    return response


@login_required
@domain_errors
def customer_export(request):
    """The customers the user sees (with the list's filters), as csv or xlsx."""
    ensure_may_list(request.user, Customer)
    customers = select_customers(
        user=request.user,
        tier=request.GET.get("tier") if request.GET.get("tier") in Tier.values else None,
        status=request.GET.get("status") if request.GET.get("status") in CustomerStatus.values else None,
        owner_id=id_param(request.GET.get("owner")),
        overdue=request.GET.get("overdue") in ("1", "true", "on"),
        search=request.GET.get("q", "").strip()[:100],
    )
    return _export_response(CustomerExportResource(), customers, basename="customers",
                            fmt=request.GET.get("format", "csv"))


@login_required
@domain_errors
def followup_export(request):
    """The follow-ups the user sees, optionally of one month (`?month=YYYY-MM`), as csv or xlsx."""
    ensure_may_list(request.user, FollowUp)
    followups = FollowUp.objects.visible_to(request.user).select_related("customer", "author").order_by("occurred_at", "id")
    if request.GET.get("month"):
        month = Period.parse_month(request.GET["month"])
        followups = followups.filter(occurred_at__date__range=(month.start, month.end))
    if (customer_id := id_param(request.GET.get("customer"))) is not None:
        followups = followups.filter(customer_id=customer_id)
    return _export_response(FollowUpExportResource(), followups, basename="follow-ups",
                            fmt=request.GET.get("format", "csv"))
