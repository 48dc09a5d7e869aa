"""The base of every customers viewset: scoped like every SalesOps viewset, and a list the role
may never read is a 403, not an empty page (SPEC §1.2), refused before any query runs. (Control
characters in query parameters are refused for every app by `common.middleware.CleanTextMiddleware`.)"""

from common.api import InputOutputMixin, ScopedModelViewSet
from customers.selectors.access import ensure_may_list


class CustomersViewSet(ScopedModelViewSet):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            ensure_may_list(request.user, self.base_queryset.model)


class InputOutputCreateMixin:
    """`common.api.InputOutputMixin` for a resource that is only created (surveys, contracts,
    receivables, payments): the same `create` and serializer choice, without routing PUT/PATCH (a
    router maps every `update` a viewset has)."""

    create_input_serializer_class = None
    update_input_serializer_class = None
    get_serializer_class = InputOutputMixin.get_serializer_class
    output_data = InputOutputMixin.output_data
    create = InputOutputMixin.create
