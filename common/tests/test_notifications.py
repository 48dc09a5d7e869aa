"""Notifications are data: a phrase stored as given, shown and emailed in the reader's language."""

import pytest
from django.core import mail
from django.template import Context, Template
from django.test.utils import override_settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common import notifications, phrases
from common.models import Notification
from common.testing import migrate_to, migrate_to_latest

# A msgid Django's own catalogue translates, so the test needs no catalogue of its own.
phrases.register("test.required", _("This field is required."))
ZH_REQUIRED = "该字段是必填项。"


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("nora", email="nora@example.com")


def test_notify_stores_the_phrase_and_renders_in_the_active_language(user, django_capture_on_commit_callbacks):
    message = phrases.phrase("test.required")
    with django_capture_on_commit_callbacks(execute=True):
        created = notifications.notify(recipient=user, kind="k", message=message, dedupe_key="k:1")
    stored = Notification.objects.get(pk=created.pk)
    assert stored.message == {"id": "test.required"}
    assert stored.render() == "This field is required."
    with translation.override("zh-hans"):
        assert stored.render() == ZH_REQUIRED
        assert Template("{% load common_tags %}{{ n.message|phrase }}").render(Context({"n": stored})) == ZH_REQUIRED


def test_the_email_is_written_in_the_recipients_language_on_commit(user, django_capture_on_commit_callbacks):
    with override_settings(LANGUAGE_CODE="zh-hans"), translation.override("en"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            notifications.notify(recipient=user, kind="k", message=phrases.phrase("test.required"), dedupe_key="k:2")
        assert mail.outbox == []  # nothing before the commit
        for callback in callbacks:
            callback()
    assert [m.body for m in mail.outbox] == [ZH_REQUIRED]
    assert mail.outbox[0].to == ["nora@example.com"]


def test_recipient_language_is_the_site_default_until_users_choose_one(user):
    with override_settings(LANGUAGE_CODE="zh-hans"):
        assert notifications.recipient_language(user) == "zh-hans"


def test_notify_is_idempotent_and_accepts_plain_strings(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notify(recipient=user, kind="k", message="Plain.", dedupe_key="k:3")
        assert notifications.notify(recipient=user, kind="k", message="Plain.", dedupe_key="k:3") is None
    assert Notification.objects.get(dedupe_key="k:3").render() == "Plain."
    assert len(mail.outbox) == 1


def test_notify_refuses_a_message_that_is_neither_phrase_nor_text(user):
    with pytest.raises(TypeError):
        notifications.notify(recipient=user, kind="k", message=42, dedupe_key="k:4")


def test_notify_many_stores_phrases_skips_known_keys_and_emails_the_new_ones(user, django_capture_on_commit_callbacks):
    notifications.notify(recipient=user, kind="k", message="first", dedupe_key="m:1")
    rows = [
        {"recipient": user, "kind": "k", "message": phrases.phrase("test.required"), "dedupe_key": "m:1"},
        {"recipient": user, "kind": "k", "message": phrases.phrase("test.required"), "dedupe_key": "m:2"},
        {"recipient": user, "kind": "k", "message": phrases.phrase("test.required"), "dedupe_key": "m:2"},
        {"recipient": None, "kind": "k", "message": "nobody", "dedupe_key": "m:3"},
    ]
    with override_settings(LANGUAGE_CODE="zh-hans"), django_capture_on_commit_callbacks(execute=True):
        assert notifications.notify_many(rows) == 1
    assert Notification.objects.get(dedupe_key="m:2").message == {"id": "test.required"}
    assert [m.body for m in mail.outbox] == [ZH_REQUIRED]


def test_no_email_without_an_address(django_user_model, django_capture_on_commit_callbacks):
    silent = django_user_model.objects.create_user("silent")
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(recipient=silent, kind="k", message="x", dedupe_key="k:5")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_old_text_as_a_plain_string():
    apps = migrate_to([("common", "0003_input_limits")])
    User = apps.get_model("auth", "User")
    OldNotification = apps.get_model("common", "Notification")
    who = User.objects.create(username="legacy")
    OldNotification.objects.create(recipient=who, kind="k", message="Old English text.", dedupe_key="legacy:1")
    migrate_to([("common", "0004_notification_message_phrase")])
    migrate_to_latest()
    row = Notification.objects.get(dedupe_key="legacy:1")
    assert row.message == "Old English text." and row.render() == "Old English text."


def test_notifications_made_while_emails_are_suppressed_stay_in_the_inbox_only(user, django_capture_on_commit_callbacks):
    with notifications.emails_suppressed(), django_capture_on_commit_callbacks(execute=True):
        created = notifications.notify(recipient=user, kind="k", message="demo", dedupe_key="k:demo")
    assert Notification.objects.filter(pk=created.pk).exists()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(recipient=user, kind="k", message="real", dedupe_key="k:real")
    assert len(mail.outbox) == 1  # outside the block, email goes out again
