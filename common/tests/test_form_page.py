"""`common.views.form_page`: one idiom for every form page; `domain_errors` shows a message once."""

import pytest
from django.contrib.messages import get_messages

from common.tests import form_page_urls

TEMPLATE = ('{% extends "base.html" %}{% block content %}<h1>{{ title }}</h1>'
            '<form method="post">{{ form.as_div }}</form>{% endblock %}')

pytestmark = [pytest.mark.urls("common.tests.form_page_urls"), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def form_template(settings):
    template_settings = dict(settings.TEMPLATES[0])
    template_settings["APP_DIRS"] = False
    template_settings["OPTIONS"] = {
        **template_settings["OPTIONS"],
        "loaders": [
            ("django.template.loaders.locmem.Loader", {"common_test/form.html": TEMPLATE}),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    }
    settings.TEMPLATES = [template_settings]
    form_page_urls.CALLS.clear()


@pytest.fixture
def client(page, django_user_model):
    return page(django_user_model.objects.create_user("pat"))


def test_get_renders_the_form(client):
    response = client.get("/test-form/amount/")
    assert response.status_code == 200 and b'name="amount"' in response.content
    assert form_page_urls.CALLS == []


def test_success_calls_the_service_once_then_a_message_and_a_redirect(client):
    response = client.post("/test-form/amount/", {"amount": "5", "note": "ok"})
    assert response.status_code == 302 and response["Location"] == "/done/7/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Saved 7."]
    assert len(form_page_urls.CALLS) == 1


def test_an_invalid_form_is_a_400_and_the_service_is_not_called(client):
    response = client.post("/test-form/amount/", {"amount": "lots"})
    assert response.status_code == 400 and form_page_urls.CALLS == []
    assert response.context["form"].errors["amount"]


def test_a_refused_value_keeps_the_input_and_puts_the_message_at_the_field(client):
    response = client.post("/test-form/amount/", {"amount": "123456.78", "note": "too-big"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"amount": ["Amount is too big."]}
    html = response.content.decode()
    assert 'value="123456.78"' in html and html.count("Amount is too big.") == 1
    assert list(get_messages(response.wsgi_request)) == []


def test_a_conflict_is_a_409_on_the_same_form(client):
    response = client.post("/test-form/amount/", {"amount": "5", "note": "locked"})
    assert response.status_code == 409
    assert response.context["form"].errors == {"amount": ["The month is closed."]}
    assert 'value="5"' in response.content.decode()


def test_a_validation_error_lands_at_its_fields_and_the_rest_on_the_form(client):
    response = client.post("/test-form/amount/", {"amount": "5", "note": "invalid"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["note"] == ["Note is odd."]
    assert form.non_field_errors() == ["Whole form is odd."]


def test_not_allowed_is_403_and_not_found_is_404(client):
    assert client.post("/test-form/amount/", {"amount": "5", "note": "forbidden"}).status_code == 403
    assert client.post("/test-form/amount/", {"amount": "5", "note": "gone"}).status_code == 404


def test_the_generic_error_page_shows_its_message_once(client):
    response = client.post("/test-form/button/")
    assert response.status_code == 409
    assert response.content.decode().count("The month is closed.") == 1
    assert list(get_messages(response.wsgi_request)) == []
