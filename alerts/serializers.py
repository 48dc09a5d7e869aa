from rest_framework import serializers

from alerts import registry
from common.phrases import render as render_phrase


class NotificationFilterInputSerializer(serializers.Serializer):
    """`?unread=` is a boolean (1/0, true/false); anything else is a 400 naming it."""

    unread = serializers.BooleanField(required=False, allow_null=True, default=None)
    kind = serializers.CharField(required=False, allow_blank=True, max_length=50)


class MarkAllReadInputSerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, allow_blank=True, max_length=50)


class NotificationItemOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.SerializerMethodField()
    link = serializers.CharField()

    def get_text(self, item) -> str:
        return render_phrase(item.message)


class NotificationOutputSerializer(serializers.Serializer):
    """A notification in the requester's language (Accept-Language); a digest lists its items."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    items = serializers.SerializerMethodField()

    def get_kind_label(self, notification) -> str:
        return registry.kind_label(notification.kind)

    def get_message(self, notification) -> str:
        return notification.render()

    def get_items(self, notification) -> list[dict]:
        return NotificationItemOutputSerializer(getattr(notification, "shown_items", []), many=True).data
