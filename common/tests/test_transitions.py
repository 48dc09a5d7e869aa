"""The shared state-machine row and the `may_*` twin, without a database."""

import dataclasses

import pytest

from common.exceptions import ApplicationError, Conflict, NotAllowed, NotFound
from common.transitions import Transition, passes

SUBMIT = Transition(("draft", "rejected"), "submitted", "submit")


@pytest.mark.parametrize(("status", "expected"), [
    ("draft", True),
    ("rejected", True),
    ("submitted", False),   # the target itself is not a source
    ("paid", False),
    ("", False),
])
def test_a_transition_leaves_only_from_its_sources(status, expected):
    assert SUBMIT.leaves_from(status) is expected


def test_a_transition_without_roles_leaves_who_to_the_app():
    assert SUBMIT.roles == ()
    assert Transition(("submitted",), "approved", "approve", roles=("director",)).roles == ("director",)


def test_a_transition_row_cannot_be_changed():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SUBMIT.target = "paid"


def _refuse(error=None, **kwargs):
    if error is not None:
        raise error
    return kwargs


def test_passes_is_true_when_the_check_raises_nothing_and_hands_it_the_arguments():
    seen = []
    assert passes(lambda *args, **kwargs: seen.append((args, kwargs)), 1, actor="rep") is True
    assert seen == [((1,), {"actor": "rep"})]


@pytest.mark.parametrize("error", [ApplicationError("no"), NotAllowed(), NotFound(), Conflict()])
def test_passes_is_false_for_any_domain_refusal_by_default(error):
    assert passes(_refuse, error=error) is False


def test_passes_lets_a_refusal_it_was_not_told_about_through():
    assert passes(_refuse, error=Conflict(), refusals=(NotAllowed, Conflict)) is False
    with pytest.raises(ApplicationError):
        passes(_refuse, error=ApplicationError("a rule"), refusals=(NotAllowed,))


def test_passes_never_swallows_a_programming_error():
    with pytest.raises(KeyError):
        passes(_refuse, error=KeyError("bug"))
