from teams import scoping


def acting_employee(request):
    """The signed-in person and their acting role, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scoping.scope_for(user)
    return {"me": scoping.acting_employee(user), "my_scope": scope, "my_role": scope.acting_role}
