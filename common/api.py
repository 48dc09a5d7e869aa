"""The API base every app's viewsets share: one exception handler, pagination, scoped viewsets."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions as drf_exceptions
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.exceptions import ApplicationError


def _flatten(detail, prefix=""):
    """Turn DRF's nested error detail into `field: message` lines for the `detail` string."""
    lines = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            lines += _flatten(value, f"{prefix}{name}" if not prefix else f"{prefix}.{name}")
    elif isinstance(detail, list):
        for item in detail:
            lines += _flatten(item, prefix)
    else:
        lines.append(f"{prefix}: {detail}" if prefix else str(detail))
    return lines


def validation_error_payload(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    else:
        errors = {"non_field_errors": [str(m) for m in exc.messages]}
    return {"detail": "; ".join(_flatten(errors)), "errors": errors}


def application_error_body(exc: ApplicationError) -> dict:
    """The JSON body of a domain error: `detail` ("field: message" when it names a field), `errors`
    keyed by the field, and the error's extra keys."""
    body = {"detail": str(exc.message)}
    if exc.field:
        body["detail"] = f"{exc.field}: {exc.message}"
        body["errors"] = {exc.field: [str(exc.message)]}
    body.update(exc.extra)
    return body


def application_error_response(exc: ApplicationError) -> JsonResponse:
    """The API's answer to a domain error raised outside a DRF view (middleware, handler404): the
    same body and status `exception_handler` gives."""
    return JsonResponse(application_error_body(exc), status=exc.status_code)


def exception_handler(exc, context):
    """Map domain errors to HTTP: ApplicationError → its status, Django ValidationError → 400,
    PermissionDenied → 403, Http404 → 404. Every error body has a `detail` string; validation
    errors also carry `errors` keyed by field."""
    if isinstance(exc, ApplicationError):
        return Response(application_error_body(exc), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_payload(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, drf_exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return Response(
            {"detail": "; ".join(_flatten(detail)), "errors": detail}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class ScopedModelViewSet(viewsets.GenericViewSet):
    """Base for every SalesOps viewset: the queryset is always `base_queryset.visible_to(user)`,
    so a row outside the user's scope is absent from lists and a 404 on detail routes."""

    base_queryset = None  # a queryset of a model whose queryset has `visible_to(user)`

    def get_queryset(self):
        return self.base_queryset.visible_to(self.request.user)


# `create` and `update` of a resource viewset with one serializer per direction: the body is
# validated by `create_input_serializer_class` (`update_input_serializer_class` for PUT/PATCH, given
# the object being changed), `perform_create` / `perform_update` call the service and set
# `serializer.instance`, and the answer is `serializer_class` (the output) of that instance. Reads
# use `serializer_class` too. Document the pair with `input_output_schema` on the viewset. (A comment,
# not a docstring: drf-spectacular would print a docstring as every operation's description.)
class InputOutputMixin:

    create_input_serializer_class = None
    update_input_serializer_class = None

    def get_serializer_class(self):
        if self.action == "create":
            return self.create_input_serializer_class
        if self.action in ("update", "partial_update"):
            return self.update_input_serializer_class
        return self.serializer_class

    def output_data(self, instance) -> dict:
        return self.serializer_class(instance, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self.output_data(serializer.instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self.output_data(serializer.instance))

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)


def input_output_schema(*, output, create_input, update_input):
    """The one declaration of an `InputOutputMixin` viewset's serializers: sets its
    `serializer_class` (the output), `create_input_serializer_class` and
    `update_input_serializer_class`, and documents each write's input and output in the OpenAPI."""
    schema = extend_schema_view(
        create=extend_schema(request=create_input, responses={201: output}),
        update=extend_schema(request=update_input, responses=output),
        partial_update=extend_schema(request=update_input, responses=output),
    )

    def declare(viewset):
        viewset.serializer_class = output
        viewset.create_input_serializer_class = create_input
        viewset.update_input_serializer_class = update_input
        return schema(viewset)

    return declare


# --- OpenAPI: the error responses every operation can give (SPEC §10, §13) ---------------------

#: The body `exception_handler` gives every error: a `detail` string; validation errors add
#: `errors` keyed by field; a few domain errors add keys of their own.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong; `field: message` for a bad field."},
        "errors": {
            "type": "object",
            "description": "Validation errors: messages keyed by field (nested for nested input).",
            "additionalProperties": {},
        },
    },
    "required": ["detail"],
    "additionalProperties": {},
}

ERROR_RESPONSES = {
    "400": ("BadRequest", "Bad input: a field is missing, malformed, out of range or breaks a rule."),
    "401": ("Unauthorized", "Not signed in: the credentials are missing or invalid."),
    "403": ("Forbidden", "Not signed in (session), or the role may never do or read this."),
    "404": ("NotFound", "No such object, or it is outside the user's scope."),
    "409": ("Conflict", "The object's state (or a closed month) does not allow this."),
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the `Error` body once under components, one response
    per error status under components/responses, and a reference to each in every operation that
    does not document that status itself (401 only where the operation requires a sign-in)."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    responses = components.setdefault("responses", {})
    for name, description in ERROR_RESPONSES.values():
        responses[name] = {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            anonymous_allowed = {} in operation.get("security", [{}])
            for status_code, (name, _description) in ERROR_RESPONSES.items():
                if status_code == "401" and anonymous_allowed:
                    continue
                operation["responses"].setdefault(status_code, {"$ref": f"#/components/responses/{name}"})
    return result
