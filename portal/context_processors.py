"""Role-aware navigation for every page. Each app may define `nav.py` with `ITEMS`: a list of
`common.nav.NavItem(label, url_name, roles, order)`; `roles=None` shows the item to everyone signed
in. Listed in `TEMPLATES[...]["OPTIONS"]["context_processors"]`."""

from importlib import import_module

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from common.nav import NavItem
from teams.scoping import scope_for


def _all_items() -> list[NavItem]:
    items = []
    for app in settings.INSTALLED_APPS:
        try:
            module = import_module(f"{app}.nav")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "ITEMS", []))
    return sorted(items, key=lambda item: item.order)


def nav_items(request):
    """`nav_items`: the entries the signed-in user's acting role may open, the most specific match
    of the current path marked `active`."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = scope_for(user).acting_role
    visible = []
    for item in _all_items():
        if item.roles is not None and role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        visible.append({"label": item.label, "url": url, "active": False})
    # Highlight only the most specific match (/scorecards/ratings/ is "Ratings", not also
    # "My scorecard" at /scorecards/).
    matches = [entry for entry in visible
               if (request.path.startswith(entry["url"]) if entry["url"] != "/" else request.path == "/")]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return {"nav_items": visible}
