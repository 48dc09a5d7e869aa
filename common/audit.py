"""Who did it: every "changed_by"/"created_by" column is a nullable FK to `settings.AUTH_USER_MODEL`."""


def actor_or_none(user):
    """The user to record as the actor of a change: a signed-in user, else None (a job, the shell,
    an anonymous request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user
