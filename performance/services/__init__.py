"""Writes and business rules of the performance app. Re-exported here: callers import
`performance.services.<function>`."""

from performance.services.plans import plans_open_for_month
from performance.services.scorecards import scorecards_compute_drafts, scorecards_publish

__all__ = ["plans_open_for_month", "scorecards_compute_drafts", "scorecards_publish"]
