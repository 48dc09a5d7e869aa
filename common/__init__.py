"""The few pieces every SalesOps app shares: domain errors and their HTTP mapping, the scoping
mechanism (see `common.scoping`), money and period helpers, and the working-day calendar.

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
"""
