"""Forms of the fidelity check pages: plan a visit, record it, add a follow-up. The rules are the domain's."""

from django import forms
from django.utils.text import capfirst

from appropriate_body.fidelity.checks import NOT_AB_STAFF
from appropriate_body.inductions.contacts import contact_label, named_contact_choices
from appropriate_body.models import FIDELITY_AREAS, FidelityCheck, FidelityOutcome, Finding
from hubportal.lib.forms import RadioItemsMixin, date_field


class PlanVisitForm(forms.Form):
    visit_on = date_field("Date of the visit", help_text="For example, 12 3 2027",
                          error_messages={"required": "Enter the date of the visit"})
    visitor = forms.ModelChoiceField(label="Who visits", queryset=named_contact_choices(), empty_label="Select a person",
                                     error_messages={"required": "Select who visits", "invalid_choice": NOT_AB_STAFF})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visitor"].label_from_instance = contact_label


class RecordVisitForm(RadioItemsMixin, forms.Form):
    """One finding and note per area of FIDELITY_AREAS, then the actions, the outcome and the day of the visit."""

    actions = forms.CharField(label="Actions agreed with the school", required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}), help_text="Add each as a follow-up afterwards to track it.")
    outcome = forms.ChoiceField(label="Outcome", choices=FidelityOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the outcome"})
    completed_on = date_field("Date of the visit", help_text="For example, 12 3 2027",
                              error_messages={"required": "Enter the date of the visit"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in FIDELITY_AREAS:
            self.fields[key] = forms.ChoiceField(label=label, choices=Finding.choices, widget=forms.RadioSelect,
                                                 error_messages={"required": "Select met, partly met or not met"})
            note_label = capfirst(FidelityCheck._meta.get_field(f"{key}_note").verbose_name)
            self.fields[f"{key}_note"] = forms.CharField(label=f"{note_label} (optional)", required=False, max_length=5000,
                                                         widget=forms.Textarea(attrs={"rows": 2}))

    def areas(self) -> list[tuple]:
        """(finding field, its radios, note field) for each area, for the template."""
        return [(self[key], self.radio_items(key), self[f"{key}_note"]) for key, _ in FIDELITY_AREAS]

    def findings(self) -> dict[str, tuple[str, str]]:
        return {key: (self.cleaned_data[key], self.cleaned_data[f"{key}_note"]) for key, _ in FIDELITY_AREAS}


class FollowUpForm(forms.Form):
    what = forms.CharField(label="What needs doing", max_length=500, error_messages={"required": "Enter what needs doing"})
    due_on = date_field("Due by", error_messages={"required": "Enter the date it is due"})
