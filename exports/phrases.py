"""Notifications about jobs, stored as phrases and rendered in the reader's language."""

from django.utils.translation import gettext_lazy as _

from common.phrases import register

#: Notifications stored before the retention came from the alert policy still render with this one.
EXPORT_READY = register(
    "exports.export_ready", _("Your export is ready: %(what)s, %(rows)s rows. The file is kept for 7 days."),
)
EXPORT_READY_KEPT = register(
    "exports.export_ready_kept",
    _("Your export is ready: %(what)s, %(rows)s rows. The file is kept for %(days)s days."),
)
EXPORT_FAILED = register("exports.export_failed", _("Your export of %(what)s failed; try again or ask an admin."))
IMPORT_CHECKED = register(
    "exports.import_checked",
    _("Your import file is checked: %(what)s, %(valid)s valid rows, %(problems)s problems. Open it to confirm."),
)
IMPORT_DONE = register("exports.import_done", _("Import of %(what)s done: %(imported)s rows imported, %(skipped)s skipped."))
IMPORT_FAILED = register("exports.import_failed", _("Your import of %(what)s failed; nothing more was imported."))
