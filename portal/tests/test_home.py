"""Each role lands on the screen that tells it what to do next (SPEC §9, issue 12)."""

import pytest


@pytest.mark.parametrize(
    ("who", "lands_on"),
    [("rep", "/today/"), ("sup1", "/dashboard/"), ("director", "/dashboard/")],
)
def test_home_sends_each_role_to_its_screen(org, page, who, lands_on):
    response = page(getattr(org, who)).get("/")
    assert response.status_code == 302 and response["Location"] == lands_on


@pytest.mark.parametrize("who", ["hr", "finance"])
def test_hr_and_finance_keep_the_cards_of_their_places(org, page, who):
    response = page(getattr(org, who)).get("/")
    assert response.status_code == 200 and response.context["nav_items"]


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get("/")["Location"].startswith("/accounts/login/")
