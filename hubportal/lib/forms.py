"""Form fields and helpers every app's forms share: names, emails, radios with hints, GOV.UK date inputs,
times, autocompletes searching a long list, and putting a domain function's errors on a form's fields.

They render through crispy-forms-gds (the "gds" template pack), templates/includes/forms/ (date_input.html,
radios.html, field_error.html) and templates/includes/error_summary.html.
"""

from collections.abc import Mapping
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

# Names and identifiers are not words: no spell checking, and the browser offers no one else's.
AS_TYPED = {"autocomplete": "off", "spellcheck": "false"}


def name_field(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=150, widget=forms.TextInput(attrs=AS_TYPED), **kwargs)


def email_field(label: str = "Email address", **kwargs) -> forms.CharField:
    """Checked by the domain's own email rule, so a CharField: the message is register_ect's, not Django's."""
    return forms.CharField(label=label, required=False, max_length=254, widget=forms.EmailInput(attrs=AS_TYPED), **kwargs)


def date_field(label: str, *, required: bool = True, help_text: str = "For example, 27 3 2027", **kwargs) -> "DateInputsField":
    """A date in GOV.UK's day, month and year boxes, the one way the portal asks for a date."""
    return DateInputsField(noun=label.rstrip("?").split(" (")[0], label=label, required=required,
                           help_text=help_text, **kwargs)


def time_field(label: str, *, required: bool = True, error_messages: dict | None = None, **kwargs) -> forms.TimeField:
    """A time as typed (GOV.UK has no time picker): 24-hour hh:mm, a dot or no separator allowed."""
    return forms.TimeField(
        label=label, required=required, input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text=kwargs.pop("help_text", "Use the 24-hour clock, for example 09:30 or 14:00"),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric",
                                                     "autocomplete": "off"}),
        error_messages={"invalid": f"Enter {label.lower()} as a time on the 24-hour clock, for example 09:30",
                        **(error_messages or {})},
        **kwargs,
    )


def autocomplete_input(source: str) -> forms.TextInput:
    """A text box for one of thousands (schools), never a list of them all: JavaScript turns it into
    GOV.UK's accessible autocomplete, whose suggestions come from `source` (a JSON search answering
    {"results": [{"label": ..., "hint": ...}]}; static/js/portal.mjs). Without JavaScript the field reads
    what was typed. A plain TextInput, so crispy-forms-gds styles it (and its error state) as GOV.UK's."""
    return forms.TextInput(attrs={**AS_TYPED, "data-module": "app-autocomplete", "data-source": source})


def put_errors(form: forms.Form, errors: Mapping, mapping: Mapping[str, str] | None = None) -> None:
    """Put a domain function's errors ({field: message or messages}) on the form's fields of that name
    (renamed through `mapping`), and any other at the top of the form."""
    for key, messages in errors.items():
        name = (mapping or {}).get(key, key)
        form.add_error(name if name in form.fields else None, messages)


def add_domain_error(form: forms.Form, error: ValidationError, mapping: Mapping[str, str] | None = None) -> None:
    """A domain function's ValidationError on the fields it names (renamed through `mapping`), or at the top of the form."""
    put_errors(form, error.message_dict if hasattr(error, "error_dict") else {None: error.messages}, mapping)


class RadioItemsMixin:
    """Radios with a hint under each option and the fields each option reveals, for includes/forms/radios.html."""

    # {radio field: {choice value: hint}}
    choice_hints: dict = {}
    # {radio field: {choice value: [fields shown under that choice]}}
    conditionals: dict = {}

    def radio_items(self, name: str) -> list[dict]:
        hints, reveals = self.choice_hints.get(name, {}), self.conditionals.get(name, {})
        return [
            {
                "radio": radio,
                "hint": hints.get(str(radio.data["value"]), ""),
                "conditional": [self[field] for field in reveals.get(str(radio.data["value"]), [])],
            }
            for radio in self[name]
        ]

    @property
    def radios(self) -> dict[str, list[dict]]:
        """radio_items for every radio field, by name (templates read form.radios.<name>)."""
        return {name: self.radio_items(name) for name, field in self.fields.items()
                if isinstance(field.widget, forms.RadioSelect)}


class DateInputsWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes, each labelled (widgets/date_inputs.html, or
    includes/forms/date_input.html for a question with its own fieldset).

    The boxes post as <name>_day, _month and _year, or with named=False as <name>_0, _1 and _2.
    """

    template_name = "widgets/date_inputs.html"

    def __init__(self, attrs=None, *, named: bool = True):
        boxes = [forms.TextInput(), forms.TextInput(), forms.TextInput()]
        super().__init__(dict(zip(("day", "month", "year"), boxes, strict=True)) if named else boxes, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateInputsField(forms.MultiValueField):
    """A date typed in three boxes, refused in GOV.UK's words: "<noun> must include a month",
    "<noun> must be a real date", "Year must include 4 numbers". Empty is None unless required."""

    widget = DateInputsWidget

    def __init__(self, *, noun: str, example: str = "", **kwargs):
        self.noun = noun
        # `example` ("31 12 2026") is named in the "real date" message where a page wants one.
        self.real_date = f"{noun} must be a real date" + (f", for example {example}" if example else "")
        parts = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, values):
        day, month, year = (str(value or "").strip() for value in (values or ("", "", "")))
        if not (day or month or year):
            return None
        if missing := [part for part, value in (("day", day), ("month", month), ("year", year)) if not value]:
            raise ValidationError(f"{self.noun} must include a {' and '.join(missing)}", code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(self.real_date, code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.real_date, code="invalid") from None
