"""Import and export pages of customers and follow-ups. The import is a dry run with a per-row
report first; the valid rows are imported only when the user confirms. A large file (over
`IMPORT_IMMEDIATE_BYTES`) is checked and applied as a job of the `exports` app, with progress.
An export of up to a few thousand rows is answered at once; a larger one becomes a job whose file
arrives in the notifications (`exports.views.export`)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.periods import Period
from common.views import add_errors_to_form, domain_errors
from customers.forms_customers import ImportForm
from customers.models import Customer, CustomerStatus, FollowUp, Tier
from customers.resources import customers_import, import_template_csv, load_dataset
from customers.selectors.access import ensure_may_list
from customers.services.customers import SALES_ROLES
from customers.views._params import id_param
from exports import services as jobs
from exports.views import export
from teams.scoping import require_role

SESSION_KEY = "customer_import"
#: A file larger than this (about 2,000 rows of csv) is checked and imported as a job.
IMPORT_IMMEDIATE_BYTES = 256 * 1024


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
        if len(content) > IMPORT_IMMEDIATE_BYTES:
            _discard(request)
            job = jobs.import_job_start(requester=request.user, kind="customers", content=content,
                                        filename=upload.name)
            return redirect(job)
        try:
            dataset = load_dataset(content, filename=upload.name)
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            report = customers_import(actor=request.user, dataset=dataset, dry_run=True)
            _discard(request)
            if report.valid_rows and not report.fatal:
                token = uuid.uuid4().hex
                path = jobs.keep_upload(user=request.user, content=content, filename=upload.name)
                request.session[SESSION_KEY] = {"token": token, "path": path, "name": upload.name}
    status = 400 if form.errors else 200
    return render(request, "customers/import_customers.html",
                  {"form": form, "report": report, "token": token}, status=status)


def customer_export_params(query) -> dict:
    """The customer list's filters from a query string, as the JSON a job keeps."""
    return {
        "tier": query.get("tier") if query.get("tier") in Tier.values else None,
        "status": query.get("status") if query.get("status") in CustomerStatus.values else None,
        "owner": id_param(query.get("owner")),
        "overdue": query.get("overdue") in ("1", "true", "on"),
        "q": query.get("q", "").strip()[:100],
    }


def followup_export_params(query) -> dict:
    """`?month=YYYY-MM` (a bad month is a 400 naming it) and `?customer=<id>`."""
    month = Period.parse_month(query["month"]) if query.get("month") else None
    return {"month": f"{month.start:%Y-%m}" if month else None, "customer": id_param(query.get("customer"))}


@login_required
@domain_errors
def customer_export(request):
    """The customers the user sees (with the list's filters), as csv or xlsx."""
    ensure_may_list(request.user, Customer)
    return export(request, kind="customers", params=customer_export_params(request.GET))


@login_required
@domain_errors
def followup_export(request):
    """The follow-ups the user sees, optionally of one month (`?month=YYYY-MM`), as csv or xlsx."""
    ensure_may_list(request.user, FollowUp)
    return export(request, kind="follow-ups", params=followup_export_params(request.GET))
