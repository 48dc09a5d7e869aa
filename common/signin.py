"""Sign-in limits (SPEC §13, §13.1): the client address behind trusted proxies, and a django-axes
handler whose successful sign-in clears only the signed-in user name's failures."""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client, never taken from what the client says about itself.

    With `TRUSTED_PROXY_COUNT = 0` (no proxy in front) it is REMOTE_ADDR and X-Forwarded-For is
    ignored. With N trusted proxies each appends the address it saw to X-Forwarded-For, so the
    client's address is the N-th entry from the right; anything left of it was written by the
    client and is ignored. A request that did not pass all N proxies (too few entries), or whose
    entry is not an address, falls back to REMOTE_ADDR."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote_addr
    return _valid_ip(hops[-count]) or remote_addr


class PerUserNameAxesHandler(AxesDatabaseHandler):
    """Axes' database handler, except that a successful sign-in resets only the attempts recorded
    against that user name. Axes' own reset deletes every attempt matching *any* lockout parameter,
    so with per-address limits too, signing in as oneself between guesses at someone else's
    password wiped the guesses (issue 8). The per-address count still sums the failures of every
    other user name from the address."""

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
