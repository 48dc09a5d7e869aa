from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts and notifications")

    def ready(self) -> None:
        # `common` may not import `alerts`: alerts plugs the recipient's language and the emailing
        # (a task per notification, once, after commit) into common.notifications instead.
        from alerts import services
        from common import notifications

        notifications.set_language_resolver(services.recipient_language)
        notifications.set_email_dispatcher(services.enqueue_notification_emails)
        # The badge's cached count is dropped whenever a person's notifications change.
        from django.db.models.signals import post_delete, post_save

        from common.models import Notification

        post_save.connect(services.forget_badge_of_row, sender=Notification, dispatch_uid="alerts-badge-save")
        post_delete.connect(services.forget_badge_of_row, sender=Notification, dispatch_uid="alerts-badge-delete")
        notifications.notifications_created.connect(services.forget_badges_of_bulk, dispatch_uid="alerts-badge-bulk")
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(services.count_badge_at_sign_in, dispatch_uid="alerts-badge-login")
        # A digest's headline is the phrase its kind registers (`@daily_alert(header=...)`): the
        # kinds are found at start, so every page that shows a digest (Today, the inbox) renders it.
        from alerts.registry import discover

        discover()
