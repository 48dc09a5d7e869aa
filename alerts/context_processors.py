from alerts import selectors


def unread_notifications(request):
    """`unread_notifications`: the signed-in person's unread count for the badge in the
    navigation — cached, else one COUNT on an index, whatever the number of notifications."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": selectors.badge_count(user), "notifications_badge": True}
