"""Forms on hub staff's certificate pages. The rules live in programmes.certificates; these parse input."""

from django import forms

from hubportal.lib.forms import DateInputsField, DateInputsWidget


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why is it revoked?", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the certificate's record. Anyone checking the code is told only that it is revoked.",
        error_messages={"required": "Say why the certificate is revoked"},
    )


class RenameForm(forms.Form):
    recipient_name = forms.CharField(
        label="Name as it should appear on the certificate", max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the name as it should appear on the certificate"},
    )


class CompletionForm(forms.Form):
    """Who in a cohort completed, when, and for how many CPD hours (programmes.certificates.issue_completion_certificates)."""

    enrolments = forms.TypedMultipleChoiceField(
        label="Who completed", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Some of those chosen are not (or no longer) in this cohort. Check the list and try again."},
    )
    everyone = forms.BooleanField(label="Everyone listed without a certificate completed", required=False)
    awarded_on = DateInputsField(
        noun="The completion date", example="20 7 2026", label="Date of completion", widget=DateInputsWidget(named=False),
        help_text="The date printed on the certificates, for example 20 7 2026.",
        error_messages={"required": "Enter the date of completion"},
    )
    cpd_hours = forms.DecimalField(
        label="CPD hours", max_digits=5, decimal_places=1, help_text="Printed on each certificate. 0 leaves the hours off.",
        error_messages={"required": "Enter the CPD hours, or 0", "invalid": "Enter the CPD hours as a number, like 12 or 7.5"},
    )

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = [enrolment for enrolment in enrolments if not _has_certificate(enrolment)]
        self.fields["enrolments"].choices = [(enrolment.pk, enrolment.teacher.full_name) for enrolment in enrolments]

    def chosen_ids(self) -> list[int]:
        if self.cleaned_data.get("everyone"):
            return [enrolment.pk for enrolment in self.candidates]
        return self.cleaned_data.get("enrolments", [])


def _has_certificate(enrolment) -> bool:
    # A missing reverse one-to-one raises an AttributeError subclass, so hasattr answers it.
    return hasattr(enrolment, "certificate")
