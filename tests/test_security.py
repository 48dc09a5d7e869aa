"""Issue 8's cross-cutting findings, each reproduced as the audit sent it (SPEC §13, §13.1):
sign-in limits per user name and per address (behind 0 or 1 trusted proxy), the OpenAPI schema
for signed-in users with its error responses documented, and no 500 for deep JSON, bad paging
parameters or control characters — refused centrally with a 400 naming the field."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "pass-12345"  # every user of `build_org`
LOCKED = 429  # django-axes' lockout response


def sign_in(username, password=PASSWORD, **extra):
    return Client().post(LOGIN, {"username": username, "password": password}, **extra).status_code


# --- sign-in limits ---------------------------------------------------------------------------

def test_signing_in_as_oneself_between_guesses_does_not_reset_the_victims_count(org):
    """The audit: from one address, 4 guesses at rep's password, a correct sign-in as teammate
    (which used to wipe every failure of the address), and one more guess → rep is locked."""
    for _ in range(4):
        assert sign_in("rep", "wrong") == 200
    assert sign_in("teammate") == 302
    assert sign_in("rep", "wrong") == LOCKED
    # The victim stays locked, even from elsewhere with the right password.
    assert sign_in("rep", REMOTE_ADDR="198.51.100.7") == LOCKED


def test_a_successful_sign_in_clears_that_user_names_own_failures(org):
    for _ in range(3):
        assert sign_in("teammate", "wrong") == 200
    assert sign_in("teammate") == 302
    for _ in range(4):
        assert sign_in("teammate", "wrong") == 200
    assert sign_in("teammate") == 302


def test_the_per_address_limit_still_holds_across_user_names(org):
    for username in ("rep", "rep2", "rep3", "sup1", "nobody"):
        sign_in(username, "wrong")
    # Everyone is locked out from that address, including a correct password…
    assert sign_in("teammate") == LOCKED
    # …and nobody else: the same user from another address signs in.
    assert sign_in("teammate", REMOTE_ADDR="198.51.100.7") == 302


# --- trusted proxies --------------------------------------------------------------------------

PROXY = "10.0.0.1"  # REMOTE_ADDR of every request that came through the reverse proxy


def via_proxy(username, password=PASSWORD, *, client_address, forged=None):
    """A sign-in through one proxy: it appends the address it saw to what the client sent."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return sign_in(username, password, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_without_a_trusted_proxy_forwarded_for_is_ignored(org, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for index, username in enumerate(("rep", "rep2", "rep3", "sup1", "nobody")):
        sign_in(username, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{index}")
    # Five different claimed addresses are still one address: locked.
    assert sign_in("teammate", HTTP_X_FORWARDED_FOR="203.0.113.99") == LOCKED


def test_behind_one_proxy_each_client_has_its_own_count(org, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for username in ("rep", "rep2", "rep3", "sup1", "nobody"):
        via_proxy(username, "wrong", client_address="203.0.113.5")
    assert via_proxy("teammate", client_address="203.0.113.5") == LOCKED
    # The proxy's address is not everyone's address: another client signs in.
    assert via_proxy("teammate", client_address="203.0.113.6") == 302


def test_behind_one_proxy_a_forged_forwarded_for_neither_resets_nor_shifts_the_count(org, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for index, username in enumerate(("rep", "rep2", "rep3", "sup1")):
        via_proxy(username, "wrong", client_address="203.0.113.5", forged=f"198.51.100.{index}")
    # The fifth guess with yet another forged entry is still counted against 203.0.113.5.
    assert via_proxy("nobody", "wrong", client_address="203.0.113.5", forged="192.0.2.200") == LOCKED
    assert via_proxy("teammate", client_address="203.0.113.5", forged="192.0.2.201") == LOCKED
    # Forging the locked client's address from elsewhere does not lock (or shift) anyone else.
    assert via_proxy("teammate", client_address="203.0.113.6", forged="203.0.113.5") == 302


# --- OpenAPI schema and docs ----------------------------------------------------------------------

def test_the_schema_and_docs_require_a_signed_in_user(org, api, page):
    assert api().get("/api/schema/").status_code in (401, 403)
    docs = Client().get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    assert api(org.rep).get("/api/schema/").status_code == 200
    assert page(org.rep).get("/api/docs/").status_code == 200


def test_every_operation_documents_the_error_responses_once(org, api):
    schema = api(org.director).get("/api/schema/?format=json").json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    assert set(schema["components"]["responses"]) >= {"BadRequest", "Unauthorized", "Forbidden", "NotFound",
                                                      "Conflict"}
    operations = [(path, method, operation) for path, item in schema["paths"].items()
                  for method, operation in item.items()]
    assert len(operations) > 50
    for path, method, operation in operations:
        responses = operation["responses"]
        for status in ("400", "401", "403", "404", "409"):
            assert status in responses, (method, path, status)
        assert responses["404"] == {"$ref": "#/components/responses/NotFound"}, (method, path)


def test_an_unknown_api_path_answers_the_json_error_body(org, api):
    response = api(org.rep).get("/api/v1/org-units/0.5/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- no 500: deep JSON, non-finite numbers, paging parameters --------------------------------------

def post_json(client, url, body: str):
    return client.post(url, body, content_type="application/json")


@pytest.mark.parametrize("depth", [25, 1000, 100_000])
def test_json_nested_deeply_is_a_400(org, api, depth):
    response = post_json(api(org.rep), "/api/v1/customers/", "[" * depth + "]" * depth)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_a_number_too_large_for_a_float_is_a_400_naming_the_field(org, api):
    response = post_json(api(org.director), "/api/v1/targets/decompose/",
                         '{"period": "2026", "weights": {"1": 1E+999999999}}')
    assert response.status_code == 400
    assert response.json()["errors"] == {"weights.1": ["This number is out of range."]}


@pytest.mark.parametrize("page_size", ["-230526", "abc", "0", "501", "1.5", "٣", "9" * 5000])
def test_a_bad_page_size_is_a_400_naming_it(org, api, page_size):
    response = api(org.director).get("/api/v1/employees/", {"page_size": page_size})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]


@pytest.mark.parametrize(("page_size", "rows"), [("1", 1), ("500", 12), ("", 12)])
def test_page_size_within_bounds(org, api, page_size, rows):
    response = api(org.director).get("/api/v1/employees/", {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999999999999999999999"])
def test_a_bad_page_is_drfs_404(org, api, page):
    response = api(org.director).get("/api/v1/employees/", {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


# --- text is clean: refused at input, centrally -------------------------------------------------

def test_api_json_with_a_control_character_is_a_400_naming_the_field(org, api):
    response = api(org.rep).post("/api/v1/customers/", {"name": "Acme\x0bCo", "owner": org.rep.pk}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["name"] and body["detail"].startswith("name: ")


def test_api_json_text_with_tab_and_line_breaks_is_not_refused_for_them(org, api):
    response = api(org.rep).post("/api/v1/customers/", {"name": "Acme\tCo", "needs_summary": "a\r\nb\nc"},
                                 format="json")
    assert "control character" not in json.dumps(response.json())


def test_api_form_post_with_a_control_character_is_a_400_naming_the_field(org, api):
    response = api(org.rep).post("/api/v1/customers/", {"name": "Acme\x1bCo"}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]


def test_a_nul_byte_in_an_api_query_parameter_is_a_400_naming_it(org, api):
    response = api(org.rep).get("/api/v1/customers/", {"search": "bei\x00jing"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"search": ["This text contains a control character; remove it and "
                                                    "try again."]}


def test_a_page_form_post_with_a_control_character_is_a_400_page_naming_the_field(org, page):
    response = page(org.rep).post("/customers/new/", {"name": "Acme\x0bCo"})
    assert response.status_code == 400
    assert "name: This text contains a control character" in response.content.decode()


def test_the_sign_in_form_refuses_control_characters_without_counting_a_failure(org):
    assert Client().post(LOGIN, {"username": "rep\x00", "password": "x"}).status_code == 400
    assert sign_in("rep") == 302


def test_an_admin_form_post_with_a_control_character_is_a_400(org, page):
    response = page(org.admin).post("/admin/teams/orgunit/add/", {"name": "Unit\x0c", "kind": "team"})
    assert response.status_code == 400
    assert "name: " in response.content.decode()


def test_the_refusal_page_is_translated(org, page):
    client = page(org.rep)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    response = client.get("/customers/", {"q": "a\x0bb"})
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()


def test_compose_web_trusts_exactly_its_one_proxy_and_cannot_be_reached_around_it():
    from pathlib import Path

    import yaml

    compose = yaml.safe_load((Path(__file__).resolve().parent.parent / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    assert web["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert all(port.startswith("127.0.0.1:") for port in web["ports"])
    assert "TRUSTED_PROXY_COUNT" not in compose["services"]["worker"]["environment"]


def test_real_error_bodies_match_the_documented_error_schema(org, api):
    import jsonschema

    from common.api import ERROR_SCHEMA

    director, rep = api(org.director), api(org.rep)
    answers = [
        director.get("/api/v1/employees/", {"page_size": "abc"}),            # 400, a query parameter
        post_json(rep, "/api/v1/customers/", '{"name": "a\\u000bb"}'),       # 400, a body field
        post_json(rep, "/api/v1/customers/", "[" * 30 + "]" * 30),            # 400, a parse error
        api().get("/api/v1/employees/"),                                      # 403, not signed in
        rep.get("/api/v1/employees/999999/"),                                 # 404, no such object
        rep.get("/api/v1/no-such-thing/"),                                    # 404, no such path
    ]
    assert [answer.status_code for answer in answers] == [400, 400, 400, 403, 404, 404]
    for answer in answers:
        jsonschema.validate(answer.json(), ERROR_SCHEMA)
