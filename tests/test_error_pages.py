"""With DEBUG off (what `make run` does by default) a missing page or a server error shows the
portal's own page, never a debug screen or a bare "Server Error (500)"."""

import pytest
from django.test import Client
from django.urls import path

from salesops import urls as project_urls


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("test-broken/", broken_view), *project_urls.urlpatterns]
handler404 = project_urls.handler404


@pytest.mark.urls("tests.test_error_pages")
@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("en", "Something went wrong"), ("zh-hans", "出错了")])
def test_a_server_error_is_the_portals_own_page(settings, language, heading):
    settings.DEBUG = False
    client = Client(raise_request_exception=False, headers={"accept-language": language})
    response = client.get("/test-broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert heading in body and "Traceback" not in body and "boom" not in body
    assert "/static/css/salesops.css" in body


@pytest.mark.django_db
def test_a_missing_page_is_the_portals_404(settings, page, org):
    settings.DEBUG = False
    response = page(org.rep).get("/no-such-page/")
    assert response.status_code == 404
    assert "SalesOps" in response.content.decode() and "Page not found at" not in response.content.decode()


def test_make_run_defaults_to_debug_off_and_takes_a_port():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert "DEBUG ?= 0" in makefile and "PORT  ?= 8000" in makefile
    assert "DEBUG=$(DEBUG) $(PY) manage.py runserver 127.0.0.1:$(PORT)" in makefile
