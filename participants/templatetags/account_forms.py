"""allauth's forms as GOV.UK fields: plain-English labels, no placeholders, the right autocomplete.

allauth builds its fields with title-case labels ("Remember Me", "New Password (again)") and placeholders
that repeat them; GOV.UK asks for sentence-case labels, hints rather than placeholders, and the
autocomplete tokens that let browsers and password managers fill each box. allauth's `fields` element
(templates/allauth/elements/fields.html) passes every field through `account_field` before crispy draws it,
so every allauth page gets the same wording without a form class of our own.
"""

from django import template
from django.contrib.auth import password_validation
from django.forms import BoundField

register = template.Library()

# By field name, across allauth's account and MFA forms. None keeps allauth's own label.
LABELS = {
    "login": "Email address",
    "email": "Email address",
    "password": "Password",
    "oldpassword": "Current password",
    "password1": "New password",
    "password2": "Confirm new password",
    "remember": "Keep me signed in on this device",
    "code": "Security code",
}
AUTOCOMPLETE = {
    "login": "email",
    "email": "email",
    "password": "current-password",
    "oldpassword": "current-password",
    "password1": "new-password",
    "password2": "new-password",
    "code": "one-time-code",
}
CODE_HINT = "Enter the 6-digit code from your authenticator app"


@register.filter
def account_field(field: BoundField) -> BoundField:
    """The bound field, its label, hint and input attributes set the GOV.UK way (the form's own copy)."""
    widget = field.field.widget
    widget.attrs.pop("placeholder", None)
    if label := LABELS.get(field.name):
        field.label = label
    if autocomplete := AUTOCOMPLETE.get(field.name):
        widget.attrs["autocomplete"] = autocomplete
    if field.name == "code":
        # Authenticator and recovery codes are digits: a phone shows its number pad.
        widget.attrs.update({"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-10"})
        field.help_text = CODE_HINT
    elif field.name == "password1":
        # Django's validators describe themselves as an HTML list; a hint is one plain sentence or two.
        field.help_text = " ".join(str(text) for text in password_validation.password_validators_help_texts())
    elif field.name in ("password", "oldpassword"):
        # allauth hangs a "Forgot your password?" link here; the page shows its own link under the form.
        field.help_text = ""
    if field.errors and getattr(widget, "input_type", None) in ("text", "email", "password"):
        # crispy-forms-gds marks only plain text boxes; email and password boxes get the red border too.
        classes = widget.attrs.get("class", "").split()
        widget.attrs["class"] = " ".join([*classes, "govuk-input--error"])
    return field
