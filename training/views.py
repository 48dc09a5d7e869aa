"""Training pages: the calendar of my teams, a session (roster with one-tap attendance, scores),
scheduling, my results and certifications, a person's results, HR's overview (with xlsx). Views
validate, call one service and render; scoping comes from the selectors and `get_visible_or_404`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError
from common.pagination import BoundedPaginator
from common.periods import Period
from common.views import domain_errors, form_page
from teams.models import Employee
from teams.scoping import acting_employee, get_visible_or_404
from training import rules, selectors, services
from training.forms import (
    AssessmentForm,
    AttendanceForm,
    CertificationEditForm,
    CertificationForm,
    ConfirmForm,
    DeleteCertificationForm,
    SessionForm,
)
from training.models import AttendanceStatus, Certification, TrainingSession
from training.spreadsheet import overview_file_name, overview_xlsx

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(request) -> Period:
    raw = (request.GET.get("month") or "").strip()
    return Period.parse_month(raw) if raw else Period.of_month(timezone.localdate())


def _session(request, pk: int) -> TrainingSession:
    services.ensure_may_read_training(request.user)
    return get_visible_or_404(TrainingSession.objects.select_related("trainer", "created_by"), request.user, pk=pk)


@login_required
@domain_errors
def calendar(request):
    """The sessions of my teams in a month, soonest first."""
    services.ensure_may_read_training(request.user)
    month = _month(request)
    sessions = selectors.sessions_for(user=request.user, month=month)
    page = BoundedPaginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/calendar.html", {
        "month": month, "previous": month.previous_month(), "next": month.next_month(), "page": page,
        "may_schedule": services.may_schedule_sessions(request.user),
        "may_overview": services.may_read_overview(request.user),
    })


@login_required
@domain_errors
def session_detail(request, pk: int):
    session = _session(request, pk)
    may_manage = services.may_manage_session(request.user, session)
    return render(request, "training/session.html", {
        "session": session,
        "teams": session.teams.order_by("name"),
        "roster": selectors.roster(user=request.user, session=session, whole=may_manage),
        "may_manage": may_manage,
        "may_record": services.may_record_results(request.user, session),
        "may_cancel": services.may_cancel_session(request.user, session),
        "statuses": AttendanceStatus.choices,
        "cancel_form": ConfirmForm(),
    })


@login_required
@domain_errors
def session_create(request):
    services.ensure_may_read_training(request.user)
    services.ensure_may_schedule_sessions(request.user)
    form = SessionForm(request.POST or None, user=request.user)
    return form_page(
        request, form=form, template="training/session_form.html",
        context={"cancel_url": reverse("training:calendar")},
        service=lambda: services.training_session_create(actor=request.user, **form.cleaned_data),
        success_url=lambda session: reverse("training:session-detail", args=[session.pk]),
        success_message=_("The session was scheduled."),
    )


@login_required
@domain_errors
def session_edit(request, pk: int):
    session = _session(request, pk)
    services.ensure_may_manage_session(request.user, session)
    initial = {
        "title": session.title, "category": session.category, "format": session.format,
        "starts_at": timezone.localtime(session.starts_at), "hours": session.hours,
        "trainer": session.trainer if session.trainer_id else "",  # the picker shows its "Name (#id)"
        "trainer_name": session.trainer_name, "teams": [str(pk) for pk in session.teams.values_list("pk", flat=True)],
    }
    form = SessionForm(request.POST or None, user=request.user, initial=initial)
    detail = reverse("training:session-detail", args=[session.pk])
    return form_page(
        request, form=form, template="training/session_form.html",
        context={"cancel_url": detail, "session": session},
        service=lambda: services.training_session_update(actor=request.user, session=session, data=form.cleaned_data),
        success_url=detail, success_message=_("The session was changed."),
    )


def _ensure_ticked(request, form_class, message) -> None:
    """A destructive action's confirming tick (`confirm`), or a 400 naming it; nothing changes."""
    if not form_class(request.POST).is_valid():
        raise ApplicationError(message, field="confirm")


@login_required
@require_POST
@domain_errors
def session_cancel(request, pk: int):
    session = _session(request, pk)
    _ensure_ticked(request, ConfirmForm, _("Tick the box to confirm the cancellation."))
    services.training_session_cancel(actor=request.user, session=session)
    messages.success(request, _("The session was cancelled."))
    return redirect("training:session-detail", pk=session.pk)


@login_required
@require_POST
@domain_errors
def attendance_record(request, pk: int):
    """One tap on the roster: the invitee's status, then back to their row."""
    session = _session(request, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        field = next(iter(form.errors))
        raise ApplicationError(_("Choose present, excused or absent for someone on the roster."), field=field)
    employee = Employee.objects.filter(pk=form.cleaned_data["employee"]).first()
    services.attendance_record(actor=request.user, session=session, employee=employee,
                               status=form.cleaned_data["status"])
    return redirect(f"{reverse('training:session-detail', args=[session.pk])}#person-{employee.pk}")


@login_required
@domain_errors
def assessment_create(request, pk: int):
    session = _session(request, pk)
    services.ensure_may_record_results(request.user, session)
    invitees = list(selectors.session_invitees(session))
    initial = {"employee": request.GET.get("employee")} if request.method == "GET" else None
    form = AssessmentForm(request.POST or None, invitees=invitees, initial=initial)
    detail = reverse("training:session-detail", args=[session.pk])
    return form_page(
        request, form=form, template="training/assessment_form.html",
        context={"session": session, "cancel_url": detail},
        service=lambda: services.assessment_record(actor=request.user, session=session, **form.cleaned_data),
        success_url=lambda assessment: f"{detail}#person-{assessment.employee_id}",
        success_message=lambda assessment: _("Score %(score)s recorded for %(name)s (attempt %(attempt)s).") % {
            "score": assessment.score, "name": assessment.employee.name, "attempt": assessment.attempt},
    )


def _results_page(request, employee: Employee, *, mine: bool):
    today = timezone.localdate()
    certifications = list(selectors.certifications_for(user=request.user, employee=employee)[:100])
    for certification in certifications:
        certification.expired = rules.certification_expired(certification.expires_on, today=today)
    return render(request, "training/results.html", {
        "subject": employee, "mine": mine,
        "results": selectors.results_for(user=request.user, employee=employee)[:100],
        "attendances": selectors.attendances_for(user=request.user, employee=employee)[:100],
        "certifications": certifications,
        "may_certify": services.may_certify(request.user, employee),
    })


@login_required
@domain_errors
def my_results(request):
    services.ensure_may_read_training(request.user)
    me = acting_employee(request.user)
    if me is None:
        raise Http404
    return _results_page(request, me, mine=True)


@login_required
@domain_errors
def employee_results(request, pk: int):
    services.ensure_may_read_training(request.user)
    employee = get_visible_or_404(Employee.objects.select_related("org_unit"), request.user, pk=pk)
    return _results_page(request, employee, mine=employee == acting_employee(request.user))


@login_required
@domain_errors
def certification_create(request):
    services.ensure_may_read_training(request.user)
    services.ensure_may_certify_anyone(request.user)
    initial = None
    raw = (request.GET.get("employee") or "").strip()
    if request.method == "GET" and raw.isdigit() and len(raw) < 19:
        person = Employee.objects.visible_to(request.user).filter(pk=int(raw)).first()
        initial = {"employee": person} if person else None  # the picker shows its "Name (#id)"
    form = CertificationForm(request.POST or None, user=request.user, initial=initial)
    return form_page(
        request, form=form, template="training/certification_form.html",
        context={"cancel_url": reverse("training:calendar")},
        service=lambda: services.certification_create(actor=request.user, **form.cleaned_data),
        success_url=lambda cert: reverse("training:employee-results", args=[cert.employee_id]),
        success_message=_("The certification was recorded."),
    )


def _certification(request, pk: int):
    """A certification the user sees and may correct (404 unseen, 403 when they may not certify its holder)."""
    services.ensure_may_read_training(request.user)
    certification = get_visible_or_404(Certification.objects.select_related("employee"), request.user, pk=pk)
    services.ensure_may_certify(request.user, certification.employee)
    return certification


@login_required
@domain_errors
def certification_edit(request, pk: int):
    """Correct a certification's name or dates (HR, the director or someone above its holder); the
    page also offers its deletion, confirmed by a tick."""
    certification = _certification(request, pk)
    initial = {"name": certification.name, "issued_on": certification.issued_on,
               "expires_on": certification.expires_on}
    form = CertificationEditForm(request.POST or None, initial=initial)
    results_url = reverse("training:employee-results", args=[certification.employee_id])
    return form_page(
        request, form=form, template="training/certification_edit.html",
        context={"certification": certification, "cancel_url": results_url, "delete_form": DeleteCertificationForm()},
        service=lambda: services.certification_update(actor=request.user, certification=certification,
                                                      data=form.cleaned_data),
        success_url=results_url, success_message=_("The certification was corrected."),
    )


@login_required
@require_POST
@domain_errors
def certification_delete(request, pk: int):
    certification = _certification(request, pk)
    _ensure_ticked(request, DeleteCertificationForm, _("Tick the box to confirm the deletion."))
    employee_id = certification.employee_id
    services.certification_delete(actor=request.user, certification=certification)
    messages.success(request, _("The certification was deleted."))
    return redirect("training:employee-results", pk=employee_id)


@login_required
@domain_errors
def overview(request):
    """HR's overview: completion and pass rates by team for a month (xlsx with `?format=xlsx`)."""
    services.ensure_may_read_overview(request.user)
    month = _month(request)
    rows = selectors.team_overview(user=request.user, month=month)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(overview_xlsx(rows, month=month), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{overview_file_name(month)}"'
        return response
    return render(request, "training/overview.html", {
        "month": month, "previous": month.previous_month(), "next": month.next_month(), "rows": rows,
    })
