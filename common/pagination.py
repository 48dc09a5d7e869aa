"""Bounded pagination for every list, page and API alike (issue 11, SPEC §12).

A company-wide list may hold a million rows (the director's follow-up log). Two things would make
every page of it cost what the whole list costs, and both are bounded here:

- the **count**: an exact `COUNT(*)` over a million rows on every page. `capped_count` counts at most
  `COUNT_CAP` + 1 rows (`SELECT COUNT(*) FROM (SELECT … LIMIT 10001)`), so a longer list shows
  "10,000+" (`count_capped`) and the count costs the same on page 1 and page 2,000;
- the **depth**: `OFFSET` reads and throws away every row before the page. Pages reach only the first
  `COUNT_CAP` rows, so the deepest page reads at most 10,000 index entries (the default sort of every
  large list is served by an index, so that is a few milliseconds); past it is "Invalid page." (404)
  in the API and the last page on a page. Filters and search narrow a list further.

`BoundedPaginator` is Django's `Paginator` with both bounds (for the pages); `StandardPagination` is
the API's (DRF's `?page=` with `count`/`results`, plus `count_capped`).
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

#: How many rows a list counts exactly and pages through; beyond it the count reads "10,000+".
COUNT_CAP = 10_000


def capped_count(queryset, *, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(rows, capped): the number of rows of `queryset` up to `cap`, and whether there are more.
    One query reading at most `cap` + 1 rows (ids only, unsorted), whatever the size of the table."""
    if not hasattr(queryset, "query"):  # a list
        total = len(queryset)
        return min(total, cap), total > cap
    total = queryset.order_by().values("pk")[: cap + 1].count()
    return min(total, cap), total > cap


class BoundedPaginator(Paginator):
    """`Paginator` whose count stops at `cap` (then `count_capped` is True) and whose pages end there."""

    def __init__(self, object_list, per_page, *args, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = cap

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        return capped_count(self.object_list, cap=self.cap)

    @cached_property
    def count(self) -> int:
        return self._capped[0]

    @property
    def count_capped(self) -> bool:
        """True when the list holds more rows than the count says (show "10,000+")."""
        return self._capped[1]


class StandardPagination(PageNumberPagination):
    """`?page=` with `count`/`results`; clients may ask for up to 500 rows a page. A `page_size`
    that is not a whole number from 1 to 500 is a 400 naming it (SPEC §13: every bad parameter
    names itself), not silently the default; `page=` garbage stays DRF's 404 "Invalid page.".
    `count` stops at `COUNT_CAP` (then `count_capped` is true) and so do the pages."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = BoundedPaginator

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "").strip()
        if not raw:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 6 and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError({self.page_size_query_param: [
                _("Use a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
            ]})
        return int(raw)

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_capped": self.page.paginator.count_capped,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"Rows of the list, counted up to {COUNT_CAP:,}; `count_capped` says there are more."
        )
        response["properties"]["count_capped"] = {
            "type": "boolean", "example": False,
            "description": f"True when the list holds more than {COUNT_CAP:,} rows (pages end there; filter to narrow).",
        }
        response["required"] = [*response.get("required", []), "count_capped"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            elif parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
