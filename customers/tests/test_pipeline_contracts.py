"""Contract, receivable and payment services; delivery SLA; overdue; renewal alerts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import Conflict, NotAllowed, NotFound
from common.models import Notification
from customers.models import Contract, Payment, Receivable
from customers.selectors.pipeline import (
    contracts_needing_renewal_alert,
    delivery_sla_breached,
    receivable_overdue_alert_key,
    receivables_needing_overdue_alert,
    renewal_alert_key,
)
from customers.services.contracts import (
    contract_confirm_delivery,
    contract_create,
    payment_create,
    receivable_create,
)
from customers.tests.factories import ContractFactory, CustomerFactory, PaymentFactory, ReceivableFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]
TODAY = date(2026, 3, 10)


@pytest.fixture
def customer(org):
    return CustomerFactory(owner=org.rep)


def _contract(actor, customer, **overrides):
    values = {"number": "HT-2026-001", "amount": Decimal("120000.00"), "signed_on": date(2026, 3, 1),
              "start_on": date(2026, 3, 1), "end_on": date(2027, 2, 28)}
    return contract_create(actor=actor, customer=customer, **(values | overrides))


# --- contracts --------------------------------------------------------------------------------

def test_create_defaults_owner_and_sets_the_delivery_due_day(org, customer):
    contract = _contract(org.sup1.user, customer)
    assert contract.owner == org.rep
    assert contract.delivery_due_on == date(2026, 3, 4)


@pytest.mark.parametrize("overrides,field", [
    ({"amount": Decimal("0.00")}, "amount"),
    ({"amount": Decimal("-5.00")}, "amount"),
    ({"end_on": date(2026, 2, 28)}, "end_on"),
    ({"number": "  "}, "number"),
    ({"signed_on": date(2026, 3, 11)}, "signed_on"),
    ({"gross_margin_pct": Decimal("100.01")}, "gross_margin_pct"),
])
def test_bad_contract_input_names_the_field_and_saves_nothing(org, customer, overrides, field):
    with pytest.raises(ValidationError) as exc:
        _contract(org.rep.user, customer, **overrides)
    assert field in exc.value.error_dict
    assert not Contract.objects.exists()


def test_end_on_the_start_day_is_allowed(org, customer):
    assert _contract(org.rep.user, customer, end_on=date(2026, 3, 1)).end_on == date(2026, 3, 1)


def test_duplicate_number_is_refused_case_insensitively(org, customer):
    _contract(org.rep.user, customer)
    with pytest.raises(ValidationError) as exc:
        _contract(org.rep.user, customer, number="ht-2026-001")
    assert "number" in exc.value.error_dict
    assert Contract.objects.count() == 1


def test_customer_out_of_scope_and_finance_cannot_create(org, customer):
    with pytest.raises(ValidationError) as exc:
        _contract(org.rep2.user, customer)
    assert "customer" in exc.value.error_dict
    with pytest.raises(ValidationError):
        _contract(org.finance.user, customer)


def test_owner_must_be_assignable(org, customer):
    with pytest.raises(ValidationError) as exc:
        _contract(org.rep.user, customer, owner=org.teammate)
    assert "owner" in exc.value.error_dict
    assert _contract(org.sup1.user, customer, owner=org.teammate).owner == org.teammate


def test_renews_must_be_an_earlier_contract_of_the_same_customer(org, customer):
    old = ContractFactory(customer=customer, signed_on=date(2025, 3, 1), number="OLD")
    other_customer = ContractFactory(customer=CustomerFactory(owner=org.rep), signed_on=date(2025, 3, 1))
    later = ContractFactory(customer=customer, signed_on=date(2026, 3, 5))
    for renews in (other_customer, later):
        with pytest.raises(ValidationError) as exc:
            _contract(org.rep.user, customer, renews=renews)
        assert "renews" in exc.value.error_dict
    invisible = ContractFactory(customer=CustomerFactory(owner=org.teammate), signed_on=date(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        _contract(org.rep.user, customer, renews=invisible)
    assert "renews" in exc.value.error_dict
    assert _contract(org.rep.user, customer, renews=old).renews == old


@pytest.mark.parametrize("today,breached", [(date(2026, 3, 4), False), (date(2026, 3, 5), True)])
def test_delivery_sla_boundary_without_confirmation(org, customer, today, breached):
    _contract(org.rep.user, customer)  # signed 1 March → due 4 March
    assert delivery_sla_breached(Contract.objects.all(), today=today).exists() is breached


@pytest.mark.parametrize("confirmed_on,breached", [(date(2026, 3, 4), False), (date(2026, 3, 5), True)])
def test_delivery_sla_with_confirmation(org, customer, confirmed_on, breached):
    contract = _contract(org.rep.user, customer)
    contract_confirm_delivery(contract=contract, actor=org.rep.user, confirmed_on=confirmed_on)
    assert delivery_sla_breached(Contract.objects.all(), today=TODAY).exists() is breached


def test_confirm_delivery_rules(org, customer):
    contract = _contract(org.rep.user, customer)
    with pytest.raises(ValidationError) as exc:
        contract_confirm_delivery(contract=contract, actor=org.rep.user, confirmed_on=date(2026, 2, 28))
    assert "confirmed_on" in exc.value.error_dict
    with pytest.raises(ValidationError):
        contract_confirm_delivery(contract=contract, actor=org.rep.user, confirmed_on=date(2026, 3, 11))
    with pytest.raises(NotFound):
        contract_confirm_delivery(contract=contract, actor=org.teammate.user)
    assert contract_confirm_delivery(contract=contract, actor=org.rep.user).delivery_confirmed_on == TODAY
    with pytest.raises(Conflict):
        contract_confirm_delivery(contract=contract, actor=org.rep.user)


# --- receivables and payments -----------------------------------------------------------------

def test_receivables_may_not_exceed_the_contract_amount(org, customer):
    contract = ContractFactory(customer=customer, amount=Decimal("1000.00"), signed_on=date(2026, 3, 1))
    receivable_create(actor=org.rep.user, contract=contract, due_on=date(2026, 4, 1), amount=Decimal("600.00"))
    with pytest.raises(ValidationError) as exc:
        receivable_create(actor=org.finance.user, contract=contract, due_on=date(2026, 5, 1), amount=Decimal("400.01"))
    assert "amount" in exc.value.error_dict
    receivable_create(actor=org.finance.user, contract=contract, due_on=date(2026, 5, 1), amount=Decimal("400.00"))
    assert Receivable.objects.count() == 2


@pytest.mark.parametrize("kwargs,field", [
    ({"amount": Decimal("0")}, "amount"),
    ({"due_on": date(2026, 2, 28)}, "due_on"),
])
def test_bad_receivable_input(org, customer, kwargs, field):
    contract = ContractFactory(customer=customer, signed_on=date(2026, 3, 1))
    values = {"due_on": date(2026, 4, 1), "amount": Decimal("10.00")} | kwargs
    with pytest.raises(ValidationError) as exc:
        receivable_create(actor=org.rep.user, contract=contract, **values)
    assert field in exc.value.error_dict
    assert not Receivable.objects.exists()


def test_receivable_on_an_invisible_contract_names_the_field(org, customer):
    contract = ContractFactory(customer=customer)
    with pytest.raises(ValidationError) as exc:
        receivable_create(actor=org.rep2.user, contract=contract, due_on=date(2026, 4, 1), amount=Decimal("1"))
    assert "contract" in exc.value.error_dict


def test_payments_keep_paid_amount_and_never_exceed_the_open_amount(org, customer):
    receivable = ReceivableFactory(contract=ContractFactory(customer=customer), amount=Decimal("1000.00"))
    payment_create(actor=org.finance.user, receivable=receivable, amount=Decimal("400.00"), paid_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        payment_create(actor=org.finance.user, receivable=receivable, amount=Decimal("600.01"), paid_on=TODAY)
    assert "amount" in exc.value.error_dict
    assert "600.00" in exc.value.error_dict["amount"][0].messages[0]
    payment_create(actor=org.finance.user, receivable=receivable, amount=Decimal("600.00"), paid_on=TODAY)
    receivable.refresh_from_db()
    assert receivable.paid_amount == Decimal("1000.00") and receivable.open_amount == Decimal("0.00")
    with pytest.raises(ValidationError):
        payment_create(actor=org.finance.user, receivable=receivable, amount=Decimal("0.01"), paid_on=TODAY)
    assert Payment.objects.count() == 2


@pytest.mark.parametrize("kwargs,field", [
    ({"amount": Decimal("0")}, "amount"),
    ({"paid_on": date(2026, 3, 11)}, "paid_on"),
])
def test_bad_payment_input(org, customer, kwargs, field):
    receivable = ReceivableFactory(contract=ContractFactory(customer=customer))
    with pytest.raises(ValidationError) as exc:
        payment_create(actor=org.finance.user, receivable=receivable, **({"amount": Decimal("1"), "paid_on": TODAY} | kwargs))
    assert field in exc.value.error_dict
    assert not Payment.objects.exists()


@pytest.mark.parametrize("who", ["rep", "sup1", "hr"])
def test_only_finance_and_the_director_record_payments(org, customer, who):
    receivable = ReceivableFactory(contract=ContractFactory(customer=customer))
    with pytest.raises(NotAllowed):
        payment_create(actor=getattr(org, who).user, receivable=receivable, amount=Decimal("1"), paid_on=TODAY)
    payment_create(actor=org.director.user, receivable=receivable, amount=Decimal("1"), paid_on=TODAY)
    payment_create(actor=org.admin, receivable=receivable, amount=Decimal("1"), paid_on=TODAY)


@pytest.mark.parametrize("due_on,paid,overdue", [
    (date(2026, 3, 9), Decimal("0"), True),
    (date(2026, 3, 9), Decimal("999.99"), True),
    (date(2026, 3, 9), Decimal("1000.00"), False),
    (date(2026, 3, 10), Decimal("0"), False),  # due today: not yet overdue
])
def test_overdue_is_past_due_and_not_fully_paid(org, customer, due_on, paid, overdue):
    receivable = ReceivableFactory(contract=ContractFactory(customer=customer), due_on=due_on, amount=Decimal("1000.00"))
    if paid:
        PaymentFactory(receivable=receivable, amount=paid, paid_on=date(2026, 3, 1))
    assert Receivable.objects.overdue(TODAY).exists() is overdue


# --- alert candidates -------------------------------------------------------------------------

def test_renewal_alerts_catch_up_once_per_threshold(org, customer, django_assert_num_queries):
    in_59 = ContractFactory(customer=customer, signed_on=date(2025, 5, 1), start_on=date(2025, 5, 8),
                            end_on=TODAY + timedelta(days=59))
    in_61 = ContractFactory(customer=customer, signed_on=date(2025, 5, 1), end_on=TODAY + timedelta(days=61))
    in_7 = ContractFactory(customer=customer, signed_on=date(2025, 3, 1), start_on=date(2025, 3, 1),
                           end_on=TODAY + timedelta(days=7))
    renewed = ContractFactory(customer=customer, signed_on=date(2025, 3, 1), start_on=date(2025, 3, 1),
                              end_on=TODAY + timedelta(days=5))
    ContractFactory(customer=customer, signed_on=date(2026, 3, 1), renews=renewed)
    ContractFactory(customer=customer, signed_on=date(2025, 1, 1), start_on=date(2025, 1, 1),
                    end_on=TODAY - timedelta(days=1))  # already ended: no alert
    with django_assert_num_queries(3):  # policy, contracts, sent notifications
        due = contracts_needing_renewal_alert(today=TODAY)
    assert {(c.pk, t) for c, t in due} == {(in_59.pk, 60), (in_7.pk, 60), (in_7.pk, 30), (in_7.pk, 7)}
    assert in_61.pk not in {c.pk for c, _ in due}
    Notification.objects.create(recipient=org.rep.user, kind="renewal", message="x",
                                dedupe_key=renewal_alert_key(in_7.pk, 60))
    assert {(c.pk, t) for c, t in contracts_needing_renewal_alert(today=TODAY)} == {
        (in_59.pk, 60), (in_7.pk, 30), (in_7.pk, 7)
    }


def test_overdue_alerts_at_1_7_30_days(org, customer):
    contract = ContractFactory(customer=customer, signed_on=date(2025, 12, 1), amount=Decimal("9000.00"))
    one = ReceivableFactory(contract=contract, due_on=TODAY - timedelta(days=1), amount=Decimal("1000.00"))
    ReceivableFactory(contract=contract, due_on=TODAY, amount=Decimal("1000.00"))  # due today: nothing
    thirty = ReceivableFactory(contract=contract, due_on=TODAY - timedelta(days=30), amount=Decimal("1000.00"))
    paid = ReceivableFactory(contract=contract, due_on=TODAY - timedelta(days=8), amount=Decimal("1000.00"))
    PaymentFactory(receivable=paid, paid_on=TODAY - timedelta(days=2))
    due = {(r.pk, t) for r, t in receivables_needing_overdue_alert(today=TODAY)}
    assert due == {(one.pk, 1), (thirty.pk, 1), (thirty.pk, 7), (thirty.pk, 30)}
    Notification.objects.create(recipient=org.rep.user, kind="overdue", message="x",
                                dedupe_key=receivable_overdue_alert_key(thirty.pk, 1))
    assert (thirty.pk, 1) not in {(r.pk, t) for r, t in receivables_needing_overdue_alert(today=TODAY)}


def test_the_actor_is_recorded_on_contracts_receivables_and_payments(org, customer):
    contract = _contract(org.rep.user, customer)
    receivable = receivable_create(actor=org.finance.user, contract=contract, due_on=date(2026, 4, 1),
                                   amount=Decimal("10.00"))
    payment = payment_create(actor=org.finance.user, receivable=receivable, amount=Decimal("10.00"), paid_on=TODAY)
    assert (contract.created_by, receivable.created_by, payment.recorded_by) == (
        org.rep.user, org.finance.user, org.finance.user
    )
