"""API of conference marketing under /api/v1/ (SPEC §10): `events/` with `quotas/` (GET/PUT), the
moves and `report/`; `invitations/` with `respond/`, `confirm/`, `check-in/` (and `gift/`).
Viewsets validate input, call one service and serialize; scoping comes from `visible_to`."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api import InputOutputMixin, ScopedModelViewSet, input_output_schema
from common.exceptions import NotFound
from common.filters import IdFilter, PlausibleIsoDateTimeFilter
from events import reports, selectors, services
from events.models import EventStatus, Invitation, MarketingEvent, Outcome
from events.serializers import (
    QUOTAS_SCHEMA,
    CheckInInputSerializer,
    ConfirmInputSerializer,
    EventActionInputSerializer,
    EventInputSerializer,
    EventOutputSerializer,
    EventReportOutputSerializer,
    EventUpdateInputSerializer,
    InvitationInputSerializer,
    InvitationOutputSerializer,
    QuotasSerializer,
    RespondInputSerializer,
    WalkInInputSerializer,
)


class EventFilter(django_filters.FilterSet):
    org_unit = IdFilter(field_name="org_unit_id")
    status = django_filters.ChoiceFilter(choices=EventStatus.choices)
    starts_from = PlausibleIsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_to = PlausibleIsoDateTimeFilter(field_name="starts_at", lookup_expr="lte")

    class Meta:
        model = MarketingEvent
        fields = ["org_unit", "status"]


@input_output_schema(output=EventOutputSerializer, create_input=EventInputSerializer,
                     update_input=EventUpdateInputSerializer)
class EventViewSet(InputOutputMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    base_queryset = MarketingEvent.objects.select_related("org_unit")
    filterset_class = EventFilter
    search_fields = ["title", "topic", "venue"]
    ordering_fields = ["starts_at", "title"]
    ordering = ["-starts_at", "-id"]

    def perform_create(self, serializer):
        created = services.event_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=created.pk)

    def perform_update(self, serializer):
        services.event_update(actor=self.request.user, event=serializer.instance, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(request={"application/json": QUOTAS_SCHEMA},
                   responses={200: OpenApiResponse(response=QUOTAS_SCHEMA, description="Quota per employee id.")})
    @action(detail=True, methods=["get", "put"])
    def quotas(self, request, pk=None):
        event = self.get_object()
        if request.method == "PUT":
            payload = QuotasSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            services.quotas_set(event=event, actor=request.user, quotas=payload.validated_data["quotas"])
        return Response(QuotasSerializer(selectors.quotas_of(event=event)).data)

    def _move(self, request, name):
        event = self.get_object()
        payload = EventActionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.event_act(actor=request.user, event=event, action=name, reason=payload.validated_data["reason"])
        return Response(self.output_data(self.get_queryset().get(pk=event.pk)))

    @extend_schema(request=EventActionInputSerializer, responses=EventOutputSerializer)
    @action(detail=True, methods=["post"], url_path="open-invitations")
    def open_invitations(self, request, pk=None):
        return self._move(request, "open_invitations")

    @extend_schema(request=EventActionInputSerializer, responses=EventOutputSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        return self._move(request, "hold")

    @extend_schema(request=EventActionInputSerializer, responses=EventOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._move(request, "close")

    @extend_schema(request=EventActionInputSerializer, responses=EventOutputSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._move(request, "cancel")

    @extend_schema(request=None, responses=EventReportOutputSerializer)
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        event = self.get_object()
        services.ensure_may_see_report(actor=request.user, event=event)
        return Response(EventReportOutputSerializer(reports.event_report(event=event)).data)

    @extend_schema(request=WalkInInputSerializer, responses={201: InvitationOutputSerializer})
    @action(detail=True, methods=["post"], url_path="walk-in")
    def walk_in(self, request, pk=None):
        event = self.get_object()
        payload = WalkInInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitation = services.walk_in_register(actor=request.user, event=event, **payload.validated_data)
        return Response(_invitation_data(invitation, request), status=201)


def _invitation_data(invitation, request):
    fresh = Invitation.objects.select_related("customer", "inviter", "decline_reason").get(pk=invitation.pk)
    return InvitationOutputSerializer(fresh, context={"request": request}).data


class InvitationFilter(django_filters.FilterSet):
    event = IdFilter(field_name="event_id")
    customer = IdFilter(field_name="customer_id")
    inviter = IdFilter(field_name="inviter_id")
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)

    class Meta:
        model = Invitation
        fields = ["event", "customer", "inviter", "outcome", "walk_in"]


@extend_schema_view(create=extend_schema(request=InvitationInputSerializer, responses={201: InvitationOutputSerializer}))
class InvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    """Invitations are customer data: listed and read within the user's customer scope (HR and
    finance: 403 on the list). `check-in/` and `gift/` are also open to the staff of the organising
    unit, who work the door for every guest."""

    base_queryset = Invitation.objects.select_related("customer", "inviter", "decline_reason")
    serializer_class = InvitationOutputSerializer
    filterset_class = InvitationFilter
    search_fields = ["customer__name", "short_code"]
    ordering_fields = ["invited_at", "checked_in_at"]
    ordering = ["-invited_at", "-id"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        from customers.selectors.access import ensure_may_list

        if self.action == "list":
            ensure_may_list(request.user, Invitation)

    def create(self, request, *args, **kwargs):
        payload = InvitationInputSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        invitation = services.invitation_create(actor=request.user, event=data["event"], customer=data["customer"],
                                                channel=data["channel"], log_follow_up=data.get("log_follow_up", False))
        return Response(_invitation_data(invitation, request), status=201)

    @extend_schema(request=RespondInputSerializer, responses=InvitationOutputSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        invitation = self.get_object()
        payload = RespondInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.invitation_respond(actor=request.user, invitation=invitation, **payload.validated_data)
        return Response(_invitation_data(invitation, request))

    @extend_schema(request=ConfirmInputSerializer, responses=InvitationOutputSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        invitation = self.get_object()
        payload = ConfirmInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.invitation_confirm(actor=request.user, invitation=invitation, **payload.validated_data)
        return Response(_invitation_data(invitation, request))

    def _door_invitation(self, request, pk):
        """The invitation for the door: in the user's scope, or of an event they work the door at."""
        invitation = (Invitation.objects.select_related("event__org_unit").filter(pk=pk).first()
                      if str(pk).isdigit() and len(str(pk)) < 19 else None)
        if invitation is None:
            raise NotFound()
        if MarketingEvent.objects.visible_to(request.user).filter(pk=invitation.event_id).exists() and \
                services.may_work_the_door(actor=request.user, event=invitation.event):
            return invitation
        return self.get_object()

    @extend_schema(request=CheckInInputSerializer, responses=InvitationOutputSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        invitation = self._door_invitation(request, pk)
        payload = CheckInInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.invitation_check_in(actor=request.user, invitation=invitation,
                                     gift_given=payload.validated_data.get("gift_given"),
                                     log_follow_up=payload.validated_data["log_follow_up"])
        return Response(_invitation_data(invitation, request))

    @extend_schema(request=CheckInInputSerializer, responses=InvitationOutputSerializer)
    @action(detail=True, methods=["post"])
    def gift(self, request, pk=None):
        invitation = self._door_invitation(request, pk)
        payload = CheckInInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data.get("gift_given") is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"gift_given": _("Say whether the gift was given (true or false).")})
        services.invitation_set_gift(actor=request.user, invitation=invitation,
                                     given=payload.validated_data["gift_given"])
        return Response(_invitation_data(invitation, request))
