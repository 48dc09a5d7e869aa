from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.response import Response

from common.api import InputOutputMixin, ScopedModelViewSet, input_output_schema
from common.exceptions import NotFound
from teams import services
from teams.models import Employee, OrgUnit
from teams.scoping import acting_employee, assignable_owners
from teams.serializers import (
    EmployeeChoiceOutputSerializer,
    EmployeeCreateInputSerializer,
    EmployeeOutputSerializer,
    EmployeeUpdateInputSerializer,
    OrgUnitInputSerializer,
    OrgUnitOutputSerializer,
)


@input_output_schema(output=OrgUnitOutputSerializer, create_input=OrgUnitInputSerializer,
                     update_input=OrgUnitInputSerializer)
class OrgUnitViewSet(InputOutputMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    base_queryset = OrgUnit.objects.select_related("head").annotate(
        member_count=Count("members", filter=Q(members__active=True))
    )
    filterset_fields = ["kind", "parent"]
    search_fields = ["name"]
    ordering = ["path"]

    # The right is asked before the body is validated: a role that may never change the tree gets
    # 403 whatever it sends (SPEC §1.2), not a 400 about a field.
    def create(self, request, *args, **kwargs):
        services.ensure_may_change_tree(request.user)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.get_object()  # out of scope: 404 first
        services.ensure_may_change_tree(request.user)
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        unit = services.org_unit_create(
            actor=self.request.user, name=data["name"], kind=data["kind"], parent=data.get("parent")
        )
        if data.get("head"):
            unit = services.org_unit_update(actor=self.request.user, unit=unit, head=data["head"])
        serializer.instance = unit

    def perform_update(self, serializer):
        serializer.instance = services.org_unit_update(
            actor=self.request.user, unit=serializer.instance, **serializer.validated_data
        )


@input_output_schema(output=EmployeeOutputSerializer, create_input=EmployeeCreateInputSerializer,
                     update_input=EmployeeUpdateInputSerializer)
class EmployeeViewSet(InputOutputMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    base_queryset = Employee.objects.select_related("org_unit")
    filterset_fields = ["role", "org_unit", "active"]
    search_fields = ["name", "number"]
    ordering_fields = ["number", "name", "hire_date"]
    ordering = ["number"]

    def create(self, request, *args, **kwargs):
        services.ensure_may_create_employee(request.user)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        services.ensure_may_edit_employee(request.user, employee=self.get_object())
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.employee_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.employee_update(
            actor=self.request.user, employee=serializer.instance, **serializer.validated_data
        )

    @extend_schema(responses=EmployeeChoiceOutputSerializer(many=True))
    @action(detail=False, methods=["get"], serializer_class=EmployeeChoiceOutputSerializer)
    def assignable(self, request):
        """The people the user may make the owner of a customer (`teams.scoping.assignable_owners`):
        active salespeople in scope, by name, paged; `?search=` matches name or number. Feeds the
        owner pickers of the customer and target forms."""
        queryset = SearchFilter().filter_queryset(request, assignable_owners(request.user), self)
        queryset = queryset.select_related("org_unit").order_by("name", "pk")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(EmployeeChoiceOutputSerializer(page, many=True).data)

    @extend_schema(responses=EmployeeOutputSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        employee = acting_employee(request.user)
        if employee is None:
            raise NotFound(_("This login has no employee record."))
        return Response(self.output_data(employee))
