"""API `notifications/` (SPEC §10): the requester's own notifications (`?unread=1`, `?kind=`),
`{id}/mark-read/` and `mark-all-read/`. Someone else's notification answers 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alerts import selectors, services
from alerts.serializers import (
    MarkAllReadInputSerializer,
    NotificationFilterInputSerializer,
    NotificationOutputSerializer,
)
from common.exceptions import NotFound
from common.models import Notification


class NotificationViewSet(viewsets.GenericViewSet):
    serializer_class = NotificationOutputSerializer
    queryset = Notification.objects.none()  # the schema's model; reads go through the selector
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notifications_for(user=self.request.user)

    @extend_schema(parameters=[
        OpenApiParameter("unread", bool, description="1: unread only, 0: read only"),
        OpenApiParameter("kind", str),
    ])
    def list(self, request):
        filters = NotificationFilterInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = selectors.notifications_for(user=request.user, kind=filters.validated_data.get("kind") or None,
                                               unread=filters.validated_data.get("unread"))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(NotificationOutputSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        notification = selectors.notifications_for(user=request.user).filter(pk=_int(pk)).first()
        if notification is None:
            raise NotFound()
        return Response(NotificationOutputSerializer(notification).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="mark-read")
    def mark_read(self, request, pk=None):
        notification = services.notification_mark_read(user=request.user, notification_id=_int(pk))
        shown = selectors.notifications_for(user=request.user).get(pk=notification.pk)  # with its items
        return Response(NotificationOutputSerializer(shown).data)

    @extend_schema(request=MarkAllReadInputSerializer,
                   responses=inline_serializer("MarkAllReadOutput", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="mark-all-read")
    def mark_all_read(self, request):
        body = MarkAllReadInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        marked = services.notification_mark_all_read(user=request.user, kind=body.validated_data.get("kind") or None)
        return Response({"marked": marked})


def _int(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        return 0
