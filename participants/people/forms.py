"""Form fields for teacher identifiers as people type them (participants.people.identifiers)."""

from django import forms
from django.core.exceptions import ValidationError

from hubportal.lib.forms import AS_TYPED
from participants.people.identifiers import normalise_trn


def trn_field(label: str = "Teacher reference number (TRN)", **kwargs) -> forms.CharField:
    """A TRN box that takes what people type ("RP 12/345"); normalise it with normalise_trn (ID-TRN-003)."""
    return forms.CharField(label=label, required=False, max_length=30,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", **AS_TYPED}), **kwargs)


def normalised_trn(form: forms.Form, name: str) -> str:
    """The TRN typed in a revealed field, normalised (ID-TRN-003); "" with the error on the field if it is not one.

    Revealed fields are checked only when their option is chosen, so not in the field's own clean.
    """
    try:
        return normalise_trn(form.cleaned_data.get(name, ""))
    except ValidationError as error:
        form.add_error(name, error)
        return ""
