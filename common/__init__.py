"""The generic pieces every SalesOps app shares — and nothing else: `common` imports no domain app
(the scoping mechanism is `teams.scoping`; navigation and the home page are `portal`). Domain
errors and their HTTP mapping, money and period helpers, the working-day calendar, input limits.

Idioms the apps follow (each module's docstring has the details):

- **A form page** is `common.views.form_page(request, form=, service=, template=, context=,
  success_url=, success_message=)`: validate, call one service, on success a message and a
  redirect; a refused value re-renders the same form with the input kept and the message at its
  field (400, 409 for a Conflict); NotAllowed → 403, NotFound → 404. A button without a form uses
  `@domain_errors` (one message, on a 400/409 page).
- **Generated text is data**: `common.phrases` (`register` / `phrase` / `render`, the `|phrase`
  filter); stored in JSON columns, rendered in the reader's language.
- **Notifications**: `common.notifications.notify(...)` / `notify_many(rows)` take a phrase (or a
  plain string); the email goes out on commit in `recipient_language(user)`.
- **Dates in forms** are ISO in the HTML: `common.forms` (`iso_date_field`, `IsoDatesModelForm`).
- **Money** is shown with `{{ value|money }}` (`common.templatetags.common_tags`).
- **An update service** sets its fields with `common.services.model_update(instance=, fields=, data=)`
  (an unknown field is a 400 naming it); the actor is recorded as `common.audit.actor_or_none(user)`.
- **A one-row policy** subclasses `common.models.SingletonPolicy` (`current()`) and registers
  `common.admin.SingletonPolicyAdmin`; a month column gets `month_start_constraint(field, name)`;
  a history under its parent in the admin is a `common.admin.ReadOnlyInline`.
- **Exports** mix in `common.spreadsheets.FormulaSafeResourceMixin`; **`?month=`** in an API is
  `common.filters.MonthFilter` (or `filter_by_month`); a long choice is a `common.pickers.PickerField`.
- **Templates**: `includes/form_fields.html`, `includes/pager.html`, `includes/form_page.html`.
"""
