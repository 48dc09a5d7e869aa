"""The training API (SPEC §10): `training-sessions/` (with `cancel/`), `attendances/`,
`assessments/`, `certifications/`. Viewsets validate an Input serializer, call one service and
answer an Output serializer; lists start from `visible_to(user)` (finance: 403, not an empty list)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api import ScopedModelViewSet
from teams.models import Employee
from training import services
from training.filters import AssessmentFilter, AttendanceFilter, CertificationFilter, TrainingSessionFilter
from training.models import Assessment, Attendance, Certification, TrainingSession
from training.serializers import (
    AssessmentInputSerializer,
    AssessmentOutputSerializer,
    AttendanceInputSerializer,
    AttendanceOutputSerializer,
    CertificationInputSerializer,
    CertificationOutputSerializer,
    CertificationUpdateInputSerializer,
    TrainingSessionInputSerializer,
    TrainingSessionOutputSerializer,
    TrainingSessionUpdateInputSerializer,
)


class _TrainingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    """Reads of training: a role that never sees training (finance) gets 403 on every route."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        services.ensure_may_read_training(request.user)

    def _input(self, serializer_class, *, partial: bool = False) -> dict:
        body = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return body.validated_data


class TrainingSessionViewSet(_TrainingViewSet):
    """Sessions covering teams. `POST` by a supervisor or above for teams of their subtree (HR and
    the director: any); `PATCH` and `POST {id}/cancel/` by the session's organisers."""

    serializer_class = TrainingSessionOutputSerializer
    base_queryset = TrainingSession.objects.prefetch_related("teams")
    filterset_class = TrainingSessionFilter
    search_fields = ["title"]
    ordering_fields = ["starts_at", "title"]
    ordering = ["-starts_at", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _answer(self, session, code=status.HTTP_200_OK):
        return Response(TrainingSessionOutputSerializer(self.get_queryset().get(pk=session.pk)).data, status=code)

    @extend_schema(request=TrainingSessionInputSerializer, responses={201: TrainingSessionOutputSerializer})
    def create(self, request, *args, **kwargs):
        session = services.training_session_create(actor=request.user, **self._input(TrainingSessionInputSerializer))
        return self._answer(session, status.HTTP_201_CREATED)

    @extend_schema(request=TrainingSessionUpdateInputSerializer, responses=TrainingSessionOutputSerializer)
    def partial_update(self, request, *args, **kwargs):
        session = self.get_object()
        data = self._input(TrainingSessionUpdateInputSerializer, partial=True)
        session = services.training_session_update(actor=request.user, session=session, data=data)
        return self._answer(session)

    @extend_schema(request=None, responses=TrainingSessionOutputSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        session = services.training_session_cancel(actor=request.user, session=self.get_object())
        return self._answer(session)


def _invitee(employee_id: int) -> Employee | None:
    """The employee named in a request, or None: the service answers both "missing" and "not invited"
    with the same 400 naming `employee`, so an out-of-scope id does not leak."""
    return Employee.objects.select_related("org_unit").filter(pk=employee_id).first()


class AttendanceViewSet(_TrainingViewSet):
    """`POST {session, employee, status}` records (or changes) an invitee's attendance: 201 for a new
    row, 200 for a change. Own rows for a rep, the subtree's for a head, all for HR."""

    serializer_class = AttendanceOutputSerializer
    base_queryset = Attendance.objects.all()
    filterset_class = AttendanceFilter
    ordering_fields = ["id"]
    ordering = ["session_id", "employee_id"]

    @extend_schema(request=AttendanceInputSerializer, responses={201: AttendanceOutputSerializer,
                                                                 200: AttendanceOutputSerializer})
    def create(self, request, *args, **kwargs):
        data = self._input(AttendanceInputSerializer)
        existed = Attendance.objects.filter(session=data["session"], employee_id=data["employee"]).exists()
        attendance = services.attendance_record(actor=request.user, session=data["session"],
                                                employee=_invitee(data["employee"]), status=data["status"])
        return Response(AttendanceOutputSerializer(attendance).data,
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class AssessmentViewSet(_TrainingViewSet):
    """`POST {session, employee, score}` records the invitee's next attempt (`attempt`, `passed`
    computed; after the second retake a 400 naming `employee`). A rep sees only their own."""

    serializer_class = AssessmentOutputSerializer
    base_queryset = Assessment.objects.all()
    filterset_class = AssessmentFilter
    ordering_fields = ["id", "score"]
    ordering = ["session_id", "employee_id", "attempt"]

    @extend_schema(request=AssessmentInputSerializer, responses={201: AssessmentOutputSerializer})
    def create(self, request, *args, **kwargs):
        data = self._input(AssessmentInputSerializer)
        assessment = services.assessment_record(actor=request.user, session=data["session"],
                                                employee=_invitee(data["employee"]), score=data["score"])
        return Response(AssessmentOutputSerializer(assessment).data, status=status.HTTP_201_CREATED)


class CertificationViewSet(mixins.DestroyModelMixin, _TrainingViewSet):
    """Certifications: recorded, changed and deleted by HR, the director or someone above the holder."""

    serializer_class = CertificationOutputSerializer
    base_queryset = Certification.objects.select_related("employee__org_unit")
    filterset_class = CertificationFilter
    search_fields = ["name"]
    ordering_fields = ["expires_on", "issued_on", "name"]
    ordering = ["employee_id", "-issued_on", "-id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=CertificationInputSerializer, responses={201: CertificationOutputSerializer})
    def create(self, request, *args, **kwargs):
        certification = services.certification_create(actor=request.user,
                                                      **self._input(CertificationInputSerializer))
        return Response(CertificationOutputSerializer(certification).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CertificationUpdateInputSerializer, responses=CertificationOutputSerializer)
    def partial_update(self, request, *args, **kwargs):
        certification = self.get_object()
        data = self._input(CertificationUpdateInputSerializer, partial=True)
        certification = services.certification_update(actor=request.user, certification=certification, data=data)
        return Response(CertificationOutputSerializer(certification).data)

    def perform_destroy(self, instance):
        services.certification_delete(actor=self.request.user, certification=instance)
