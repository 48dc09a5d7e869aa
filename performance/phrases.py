"""The text performance generates, as phrases (`common.phrases`): stored as an id and parameters
with a scorecard, a KPI row or a notification, and rendered when read, in the reader's language
(SPEC §9). KPI, flag and role labels are phrases too, so they can be parameters of a sentence.

Numbers arrive formatted (`common.phrases.money_text` / `percent_text` or a score's string), the
same in every language; a person's name is a plain parameter."""

from django.utils.translation import gettext_lazy as _

from common.phrases import register
from performance.models import Flag, KPICode, SchemeRole

# --- labels, used as parameters of the sentences below ----------------------------------------------

for _code in KPICode:
    register(f"performance.kpi.{_code.value}", _code.label)
for _flag in Flag:
    register(f"performance.flag.{_flag.value}", _flag.label)
for _role in SchemeRole:
    register(f"performance.role.{_role.value}", _role.label)

register("performance.scheme", _("%(role)s v%(version)s"))
register("performance.line_manager", _("the line manager"))
register("performance.none", _("none"))

# --- why a KPI has no data in a month ---------------------------------------------------------------

register("performance.no_data.sales_attainment", _("no sales target for the month"))
register("performance.no_data.new_prospects", _("no one to count new prospects for"))
register("performance.no_data.satisfaction", _("no satisfaction survey in the month"))
register("performance.no_data.collection_rate", _("nothing was due for collection in the month"))
register("performance.no_data.followup_compliance", _("no follow-up was due in the month"))
register("performance.no_data.training_compliance", _("no rep of the unit worked the whole month"))
register("performance.no_data.training", _("no assessment in the month"))
register("performance.no_data.manager_rating", _("no rating from the line manager yet"))
register("performance.no_data.renewal_rate", _("no contract ended in the month"))
register("performance.no_data.complaint_rate", _("no active customer (no contract in the last 12 months)"))
register("performance.no_data.event_attendance", _("no invitation quota at an event held in the month"))
register("performance.no_data.avg_deal_size", _("no contract signed in the month"))
register("performance.no_data.other", _("no data this month"))

# --- one explanation per KPI (SPEC §4.3) ---------------------------------------------------------------

register("performance.explain.left_out", _("Left out: %(reason)s; the other KPIs are re-normalised."))
register(
    "performance.explain.sales_attainment",
    _("Sales %(actual)s on a target of %(target)s: attainment %(pct)s, score min(%(pct_number)s, %(cap)s) = %(score)s."),
)
register(
    "performance.explain.new_prospects",
    _("%(count)s new prospects against a goal of %(goal)s: score min(%(count)s ÷ %(goal)s, %(cap)s) × 100 = %(score)s."),
)
register("performance.explain.satisfaction", _("Mean satisfaction survey score of the month: %(score)s."))
register("performance.explain.collection_rate", _("Collected %(received)s of %(due)s due in the month: %(pct)s."))
register(
    "performance.explain.followup_compliance",
    _("Follow-ups logged on %(pct)s of the month's working days: score %(score)s."),
)
register("performance.explain.training_compliance", _("Compliance %(rate)s × 100 = %(score)s."))
register(
    "performance.explain.training_compliance_reps",
    _("%(present)s of %(reps)s reps attended a training session in the month: score %(score)s."),
)
register("performance.explain.training", _("Mean latest assessment score of the month: %(score)s."))
register(
    "performance.explain.renewal_rate",
    _("%(renewed)s of %(ending)s contracts ending in the month renewed: score %(score)s."),
)
register(
    "performance.explain.complaint_rate",
    _("%(complaints)s complaints for %(active)s active customers: %(rate)s per 100, limit %(limit)s: "
      "score 100 × (1 − min(%(rate)s ÷ %(limit)s, 1)) = %(score)s."),
)
register(
    "performance.explain.event_attendance",
    _("%(brought)s attendees brought against an invitation quota of %(quota)s: score %(score)s (at most 120)."),
)
register(
    "performance.explain.avg_deal_size",
    _("Mean contract %(mean)s over %(contracts)s contracts against a reference of %(reference)s: "
      "score %(score)s (at most 120)."),
)
register("performance.explain.manager_rating", _("Rated %(score)s by %(by)s."))

# --- the scorecard's explanation ------------------------------------------------------------------------

register("performance.explain.composite", _("Composite = %(formula)s = %(composite)s (%(scheme)s)."))
register(
    "performance.explain.no_composite",
    _("No KPI had data this month, so there is no composite score (%(scheme)s)."),
)
register("performance.explain.left_out_list", _("Left out for lack of data: %(kpis)s."))

# --- what changed since the last draft --------------------------------------------------------------

register("performance.change.composite", _("Composite score %(old)s → %(new)s"))
register("performance.change.team_rank", _("Team rank %(old)s → %(new)s"))
register("performance.change.company_rank", _("Company rank %(old)s → %(new)s"))
register("performance.change.scheme_version", _("KPI scheme version %(old)s → %(new)s"))
register("performance.change.flags", _("Flags %(old)s → %(new)s"))
register("performance.change.kpi_value", _("%(kpi)s: value %(old)s → %(new)s"))
register("performance.change.kpi_score", _("%(kpi)s: score %(old)s → %(new)s"))

# --- notifications (SPEC §4.2) ------------------------------------------------------------------------

register(
    "performance.notify.improvement_plan",
    _("Your attainment for %(month)s was under 100 %%: write your improvement plan by %(due)s."),
)
register(
    "performance.notify.coaching_plan",
    _("%(name)s was under 100 %% two months in a row: a coaching plan is open — assign a mentor and actions."),
)
register(
    "performance.notify.bottom_performer",
    _("%(name)s was under 100 %% three months in a row (to %(month)s): bottom-performer review."),
)
