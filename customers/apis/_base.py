"""The base of every customers viewset: scoped like every SalesOps viewset, plus two refusals the
audit asked for (SPEC §1.2, §13.1) before any query runs."""

from common.api import ScopedModelViewSet
from common.text import ensure_clean_text
from customers.selectors.access import ensure_may_list


class CustomersViewSet(ScopedModelViewSet):
    """A list the role may never read is a 403 (not an empty page); a control character in any
    query parameter (`?search=`, `?number=`, …) is a 400 naming it — PostgreSQL refuses NUL in text."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            ensure_may_list(request.user, self.base_queryset.model)
        for name, values in request.query_params.lists():
            for value in values:
                ensure_clean_text(value, field=name)
