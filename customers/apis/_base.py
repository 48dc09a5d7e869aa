"""The base of every customers viewset: scoped like every SalesOps viewset, and a list the role
may never read is a 403, not an empty page (SPEC §1.2), refused before any query runs. (Control
characters in query parameters are refused for every app by `common.middleware.CleanTextMiddleware`.)"""

from common.api import ScopedModelViewSet
from customers.selectors.access import ensure_may_list


class CustomersViewSet(ScopedModelViewSet):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            ensure_may_list(request.user, self.base_queryset.model)
