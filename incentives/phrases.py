"""The text the bonus rules and the sheet's jobs generate, as phrases (`common.phrases`): a row's
explanation per component, what changed since the last draft, the sheet's history notes and the
notifications are stored as `{"id": ..., "params": ...}` and rendered in the reader's language
when shown (page, API, email). Numbers are formatted by the rules before they become parameters
(`incentives.rules.fmt_money`), the same in every language; a column's name is a nested phrase
(`column(code)`), so "what changed" reads "提成：…" for a Chinese reader.

Ids are stored in the database: rename one only with a data migration."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.phrases import phrase, register

#: The sheet's columns as their readers see them: page headers, "what changed", the export.
COLUMN_LABELS = {
    "target": pgettext_lazy("bonus sheet column", "Target"),
    "actual": pgettext_lazy("bonus sheet column", "Actual sales"),
    "attainment": pgettext_lazy("bonus sheet column", "Attainment %"),
    "composite": pgettext_lazy("bonus sheet column", "Composite score"),
    "rank": pgettext_lazy("bonus sheet column", "Rank"),
    "commission": pgettext_lazy("bonus sheet column", "Commission"),
    "top3": pgettext_lazy("bonus sheet column", "Top-3 monthly bonus"),
    "first_order": pgettext_lazy("bonus sheet column", "First-order bonus"),
    "team_bonus": pgettext_lazy("bonus sheet column", "Team achievement bonus"),
    "retention": pgettext_lazy("bonus sheet column", "Retention bonus"),
    "referral": pgettext_lazy("bonus sheet column", "Referral reward"),
    "awards": pgettext_lazy("bonus sheet column", "Awards"),
    "adjustments": pgettext_lazy("bonus sheet column", "Adjustments"),
    "total": pgettext_lazy("bonus sheet column", "Total"),
}
#: As phrases, inside "what changed" ("Attainment: 99.00 % → 130.00 %": the values carry the %).
for _code, _label in {**COLUMN_LABELS, "attainment": pgettext_lazy("bonus sheet column", "Attainment")}.items():
    register(f"incentives.column.{_code}", _label)


def column(code: str) -> dict:
    """A sheet column's name as a nested phrase parameter."""
    return phrase(f"incentives.column.{code}")


# --- 1. tiered commission -------------------------------------------------------------------------
register("incentives.commission.no_target", _("No target for the month: no commission."))
register("incentives.commission.heading", _("%(actual)s sales on a %(target)s target"))
register("incentives.commission.flat", _("%(heading)s (%(pct)s %%): %(actual)s × %(rate)s %% = %(amount)s"))
register("incentives.commission.marginal", _("%(heading)s: %(slices)s = %(amount)s"))
register("incentives.commission.no_paid_band", _("%(heading)s (%(pct)s %%): no sales in a paid band = 0.00"))

# --- 2. monthly top-3 -------------------------------------------------------------------------------
register("incentives.top3.inactive", _("Not active the whole month: not eligible for the top-3 bonus."))
register("incentives.top3.no_target", _("No target: not eligible for the top-3 bonus."))
register("incentives.top3.under",
         _("Attainment %(pct)s %% is under %(min)s %%: not eligible for the top-3 bonus."))
register("incentives.top3.paid",
         _("Rank %(rank)s of %(count)s eligible reps (attainment %(pct)s %%, %(actual)s sales) → %(amount)s"))
register("incentives.top3.outside",
         _("Rank %(rank)s of %(count)s eligible reps (attainment %(pct)s %%, %(actual)s sales): outside the top 3"))

# --- 3. first-order bonus ---------------------------------------------------------------------------
register("incentives.first_order.paid",
         _("First contract %(number)s signed %(day)s days after hire (within %(days)s) → %(amount)s"))
register("incentives.first_order.late",
         _("First contract %(number)s signed %(day)s days after hire (more than %(days)s): no first-order bonus."))

# --- 4. team achievement ----------------------------------------------------------------------------
register("incentives.team.no_target", _("%(unit)s has no target for the month: no team achievement bonus."))
register("incentives.team.paid",
         _("%(unit)s: %(actual)s sales on a %(target)s target (%(pct)s %%) ≥ %(min)s %% → %(amount)s"))
register("incentives.team.under",
         _("%(unit)s: %(actual)s sales on a %(target)s target (%(pct)s %%) is under %(min)s %%: no team bonus."))

# --- 5. retention -----------------------------------------------------------------------------------
register("incentives.retention.new_hire", _("New hire: the retention bonus is for core reps only."))
register("incentives.retention.no_tier_a",
         _("Renewals signed this month are not for tier-A customers: no retention bonus."))
register("incentives.retention.paid", _("%(rate)s %% of tier-A renewals %(listed)s = %(amount)s"))

# --- 6. referral ------------------------------------------------------------------------------------
register("incentives.referral.paid",
         _("Referred hires who completed %(days)s days: %(listed)s → %(count)s × %(amount)s = %(total)s"))

# --- 7. manual adjustments (the reasons are HR's own words, shown as typed) -------------------------
register("incentives.adjustments.listed", _("%(listed)s = %(total)s"))

# --- 9. named awards (the figures formatted by the rules) -----------------------------------------
register("incentives.award.sales_star",
         _("Sales Star %(quarter)s: best quarter attainment %(pct)s %% (%(actual)s on %(target)s) → %(amount)s"))
register("incentives.award.sales_champion",
         _("Sales Champion %(quarter)s: highest quarter sales %(actual)s at %(pct)s %% of target → %(amount)s"))
register("incentives.award.customer_development",
         _("Best Customer Development %(quarter)s: %(customers)s new customers (first contracts %(sales)s) → %(amount)s"))
register("incentives.award.customer_service",
         _("Best Customer Service %(quarter)s: mean satisfaction %(mean)s over %(surveys)s surveys, no complaint "
           "unresolved at quarter end → %(amount)s"))
register("incentives.award.long_service",
         _("Long service: %(years)s years since %(hire_date)s completed on %(day)s → %(amount)s"))
register("incentives.award.listed", _("%(listed)s = %(total)s"))

# --- 10. penalties and the collected basis ----------------------------------------------------------
register("incentives.penalty.reduction",
         _("%(explanation)s; bonus reduction of the escalated coaching plan −%(pct)s %%: %(before)s → %(amount)s"))
register("incentives.commission.collected",
         _("Commission on payments received: %(listed)s = %(amount)s"))
register("incentives.commission.collected_item",
         _("%(amount)s on %(contract)s (%(month)s at %(pct)s %%) × %(rate)s %%"))
register("incentives.commission.collected_none", _("No payment received in the month: no commission."))


# --- what changed since the last draft --------------------------------------------------------------
register("incentives.change", _("%(column)s: %(before)s → %(after)s"))

# --- the sheet's history ----------------------------------------------------------------------------
register("incentives.history.generated",
         _("Generated: %(rows)s rows, %(added)s added, %(removed)s removed, %(changed)s changed."))
register("incentives.history.exported", _("Exported as %(format)s."))
register("incentives.history.paid", _("Paid by payroll run %(reference)s on %(paid_on)s."))

# --- notifications ----------------------------------------------------------------------------------
register("incentives.notify.draft_ready", _("The draft bonus sheet of %(month)s is ready for review."))
register("incentives.notify.submitted", _("The bonus sheet of %(month)s awaits your approval."))
register("incentives.notify.inquiry_raised", _("%(name)s asks about their bonus row of %(month)s."))
register("incentives.notify.inquiry_answered", _("HR answered your inquiry #%(id)s about %(month)s."))
register("incentives.notify.approved", _("The bonus sheet of %(month)s was approved: it can be exported."))
