"""Email: one per notification after commit, in the recipient's language, switched off per kind
in the profile, retried with back-off, never twice."""

from datetime import date, timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from alerts import services
from alerts.models import DeliveryStatus, EmailDelivery, NotificationPreferences
from alerts.tasks import send_notification_email
from common.models import Notification
from common.notifications import notify, recipient_language
from customers.tests.factories import ContractFactory, CustomerFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 13)


def _renewal_for(owner, number):
    customer = CustomerFactory(owner=owner, name=f"Customer of {owner.user.username}")
    ContractFactory(customer=customer, number=number, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=50))


def test_each_recipient_gets_the_digest_in_their_own_language(org, run, mailoutbox):
    NotificationPreferences.objects.create(user=org.teammate.user, language="zh-hans")
    _renewal_for(org.rep, "HT-EN")
    _renewal_for(org.teammate, "HT-ZH")
    run(TODAY, kinds=["renewal"])
    by_address = {m.to[0]: m for m in mailoutbox}
    english, chinese = by_address["rep@example.com"], by_address["teammate@example.com"]
    assert english.subject == "[SalesOps] Contract renewal"
    assert "Contracts coming up for renewal: 1." in english.body and "HT-EN" in english.body
    assert "http://localhost:8000/contracts/" in english.body  # absolute links
    assert chinese.subject == "[SalesOps] 合同续签"
    assert "即将到期待续签的合同：1 份。" in chinese.body and "HT-ZH" in chinese.body
    assert EmailDelivery.objects.get(notification__recipient=org.teammate.user).language == "zh-hans"


def test_the_language_is_the_site_default_until_chosen(org, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    assert recipient_language(org.rep.user) == "zh-hans"
    NotificationPreferences.objects.create(user=org.rep.user, language="en")
    assert recipient_language(org.rep.user) == "en"


def test_nothing_is_sent_before_the_commit(org, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipient=org.rep.user, kind="renewal", message="Hello.", dedupe_key="k:1")
    assert mailoutbox == [] and not EmailDelivery.objects.exists()
    for callback in callbacks:
        callback()
    assert [m.body for m in mailoutbox] == ["Hello."]


def test_a_kind_switched_off_sends_no_email_but_the_inbox_has_it(org, run, mailoutbox):
    services.preferences_update(user=org.rep.user, language="", email_off_kinds=["renewal"])
    _renewal_for(org.rep, "HT-1")
    run(TODAY, kinds=["renewal"])
    assert mailoutbox == []
    note = Notification.objects.get(recipient=org.rep.user, kind="renewal")
    assert note.email_delivery.status == DeliveryStatus.SKIPPED


def test_never_twice_a_second_task_for_the_same_notification_sends_nothing(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(recipient=org.rep.user, kind="renewal", message="Once.", dedupe_key="k:2")
    assert len(mail.outbox) == 1
    assert send_notification_email.delay(note.pk).get() == DeliveryStatus.SENT  # a redelivery
    assert services.deliver_notification_email(notification_id=note.pk) == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_a_delivery_claimed_by_another_worker_is_not_sent_again(org):
    note = Notification.objects.create(recipient=org.rep.user, kind="renewal", message="x", dedupe_key="k:3")
    EmailDelivery.objects.create(notification=note, status=DeliveryStatus.SENDING)
    assert services.deliver_notification_email(notification_id=note.pk) == DeliveryStatus.SENDING
    assert mail.outbox == []


def test_a_failing_mail_server_is_retried_and_then_sent_once(org):
    note = Notification.objects.create(recipient=org.rep.user, kind="renewal", message="Retry me.", dedupe_key="k:4")
    with mock.patch("alerts.services.send_mail", side_effect=SMTPException("421 try later")), \
            pytest.raises(services.EmailNotSent):
        services.deliver_notification_email(notification_id=note.pk)
    delivery = EmailDelivery.objects.get(notification=note)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1 and "421" in delivery.error
    assert services.deliver_notification_email(notification_id=note.pk) == DeliveryStatus.SENT
    assert services.deliver_notification_email(notification_id=note.pk) == DeliveryStatus.SENT
    assert [m.body for m in mail.outbox] == ["Retry me."]
    assert EmailDelivery.objects.get(notification=note).attempts == 2


def test_the_email_task_retries_with_back_off():
    assert services.EmailNotSent in send_notification_email.autoretry_for
    assert send_notification_email.retry_backoff and send_notification_email.max_retries >= 3


def test_after_the_last_retry_the_delivery_says_failed(org):
    note = Notification.objects.create(recipient=org.rep.user, kind="renewal", message="x", dedupe_key="k:5")
    EmailDelivery.objects.create(notification=note)
    services.mark_delivery_failed(notification_id=note.pk, error="gave up")
    assert EmailDelivery.objects.get(notification=note).status == DeliveryStatus.FAILED


def test_no_address_no_email(org, django_capture_on_commit_callbacks):
    org.rep.user.email = ""
    org.rep.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=org.rep.user, kind="renewal", message="x", dedupe_key="k:6")
    assert mail.outbox == []


# --- the preferences page -------------------------------------------------------------------------

def test_the_preferences_page_saves_language_and_switches(org, page):
    client = page(org.rep)
    response = client.get(reverse("alerts:preferences"))
    assert response.status_code == 200 and "Contract renewal" in response.content.decode()
    kinds = [code for code, _label in response.context["form"].fields["email_kinds"].choices if code != "renewal"]
    response = client.post(reverse("alerts:preferences"), {"language": "zh-hans", "email_kinds": kinds})
    assert response.status_code == 302
    saved = NotificationPreferences.objects.get(user=org.rep.user)
    assert saved.language == "zh-hans" and saved.email_off_kinds == ["renewal"]
    assert recipient_language(org.rep.user) == "zh-hans"


def test_the_preferences_page_refuses_a_bad_value_keeping_the_input(org, page):
    response = page(org.rep).post(reverse("alerts:preferences"), {"language": "klingon", "email_kinds": ["renewal"]})
    assert response.status_code == 400
    assert not NotificationPreferences.objects.filter(user=org.rep.user).exists()
    assert "klingon" in str(response.context["form"].errors["language"]) or response.context["form"].errors


def test_the_service_names_an_unknown_kind(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.preferences_update(user=org.rep.user, language="", email_off_kinds=["nonsense"])
    assert "email_off_kinds" in error.value.message_dict


def test_the_preferences_page_in_chinese(org, page):
    body = page(org.rep).get(reverse("alerts:preferences"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "通知偏好" in body and "合同续签" in body


def test_the_email_task_marks_the_delivery_failed_after_its_last_retry(org, settings):
    note = Notification.objects.create(recipient=org.rep.user, kind="renewal", message="x", dedupe_key="k:7",
                                       link="/contracts/1/")
    with mock.patch("alerts.services.send_mail", side_effect=SMTPException("down")):
        with pytest.raises(services.EmailNotSent):
            send_notification_email.apply(args=[note.pk], retries=send_notification_email.max_retries, throw=True)
    assert EmailDelivery.objects.get(notification=note).status == DeliveryStatus.FAILED


def test_a_plain_notification_email_carries_its_link_and_a_missing_one_is_skipped(org):
    note = Notification.objects.create(recipient=org.rep.user, kind="renewal", message="See it.", dedupe_key="k:8",
                                       link="/contracts/1/")
    assert services.deliver_notification_email(notification_id=note.pk) == DeliveryStatus.SENT
    assert mail.outbox[0].body == "See it.\n\nhttp://localhost:8000/contracts/1/"
    assert services.deliver_notification_email(notification_id=999999) == "missing"


def test_the_preferences_service_names_an_unknown_language(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.preferences_update(user=org.rep.user, language="tlh", email_off_kinds=[])
    assert "language" in error.value.message_dict
