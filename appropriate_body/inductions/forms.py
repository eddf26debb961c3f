"""Forms of an ECT's induction pages: release, outcome, extension, absence, named contact, completion,
decision and notices. They parse input; the rules are the domain's."""

from django import forms

from appropriate_body.inductions.contacts import NOT_AB_STAFF, contact_label, named_contact_choices
from appropriate_body.models import Decision, Recommendation
from appropriate_body.rules.absences import AbsenceKind
from appropriate_body.rules.terms import InvalidTerms, check_extension_terms, check_number_of_terms
from hubportal.lib.forms import DateInputsField, DateInputsWidget, RadioItemsMixin

YES_NO = [("yes", "Yes"), ("no", "No")]


def _terms_field(label: str, help_text: str) -> forms.CharField:
    # Text, not a number box: appropriate_body.terms checks it and says exactly what is wrong (LEN-008).
    return forms.CharField(label=label, help_text=help_text, max_length=10,
                           error_messages={"required": "Enter the number of terms, like 2.5"},
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-5", "size": 6}))


class NumberOfTermsMixin:
    """Checked on the form as well (same words as appropriate_body.periods), so it shows beside other errors."""

    def clean_number_of_terms(self):
        try:
            return check_number_of_terms(self.cleaned_data["number_of_terms"])
        except InvalidTerms as problem:
            raise forms.ValidationError(str(problem)) from None


TERMS_HINT = ("FTE terms served with this appropriate body in this period, to one decimal place (0 to 16). Think about the "
              "time served so far, the working pattern, and whether time in the current post can count.")


class ReleaseForm(NumberOfTermsMixin, forms.Form):
    finished_on = DateInputsField(noun="The end date", example="31 3 2027", widget=DateInputsWidget(named=False),
                                  label="Induction period end date", error_messages={"required": "Enter the end date"})
    number_of_terms = _terms_field("Number of terms", TERMS_HINT)


class OutcomeForm(NumberOfTermsMixin, RadioItemsMixin, forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=[("pass", "Passed"), ("fail", "Failed")], widget=forms.RadioSelect,
                                error_messages={"required": "Select pass or fail"})
    finished_on = DateInputsField(noun="The end date", example="20 7 2028", widget=DateInputsWidget(named=False),
                                  label="Induction end date", error_messages={"required": "Enter the end date"})
    number_of_terms = _terms_field("Number of terms in this period", TERMS_HINT)
    fail_confirmation_sent_on = DateInputsField(
        noun="The date you wrote to the ECT", example="22 7 2028", required=False, widget=DateInputsWidget(named=False),
        label="If failed: the date you wrote to the ECT",
        help_text="The letter telling them they failed, their right of appeal and how to appeal. Not needed for a pass.",
    )


class ExtensionForm(forms.Form):
    terms = forms.CharField(label="Length of the extension in terms", max_length=10,
                            help_text="FTE terms, to one decimal place, from 0.1 to 16.",
                            error_messages={"required": "Enter the length of the extension, like 1.5"},
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-5", "size": 6}))
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example insufficient evidence, illness, or problems with the support given (EXT-002).",
                             error_messages={"required": "Enter the reason for the extension"})
    decided_on = DateInputsField(noun="The decision date", example="20 7 2028", widget=DateInputsWidget(named=False),
                                 label="Date of the decision", error_messages={"required": "Enter the date of the decision"})

    def clean_terms(self):
        try:
            return check_extension_terms(self.cleaned_data["terms"])
        except InvalidTerms as problem:
            raise forms.ValidationError(str(problem)) from None


class AbsenceForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of absence", choices=[("", "Select the kind")] + [(k.value, k.label) for k in AbsenceKind],
                             help_text="Record the kind only: no reason or medical detail.",
                             error_messages={"required": "Select the kind of absence"})
    started_on = DateInputsField(noun="The first day", example="5 1 2027", widget=DateInputsWidget(named=False),
                                 label="First day absent", error_messages={"required": "Enter the first day of the absence"})
    finished_on = DateInputsField(noun="The last day", example="9 1 2027", widget=DateInputsWidget(named=False),
                                  label="Last day absent", error_messages={"required": "Enter the last day of the absence"})
    days = forms.IntegerField(label="Days absent", min_value=1, max_value=400,
                              help_text="The days in those dates the ECT was contracted to work.",
                              error_messages={"required": "Enter the number of days absent", "invalid": "Enter the days as a whole number, like 5",
                                              "min_value": "Enter at least 1 day", "max_value": "Enter at most 400 days"},
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-4", "size": 4}))
    ect_opted_to_extend = forms.BooleanField(label="The ECT has chosen to extend their induction by this statutory leave", required=False,
                                             help_text="Statutory leave only (ABS-003). Other absence counts automatically.")


class CompletionForm(forms.Form):
    completed_on = DateInputsField(noun="The completion date", example="18 7 2025", widget=DateInputsWidget(named=False),
                                   label="Date the ECT completed induction", error_messages={"required": "Enter the completion date"},
                                   help_text="After 6 FTE terms, a reduced period, or the period as extended (LEN-007).")


class RecommendationForm(RadioItemsMixin, forms.Form):
    recommendation = forms.ChoiceField(label="The headteacher's recommendation", choices=Recommendation.choices, widget=forms.RadioSelect,
                                       error_messages={"required": "Select the headteacher's recommendation"})
    received_on = DateInputsField(noun="The date it arrived", example="18 8 2025", widget=DateInputsWidget(named=False),
                                  label="Date the AB received it", error_messages={"required": "Enter the date the recommendation arrived"})


class RepresentationsForm(forms.Form):
    received_on = DateInputsField(noun="The date they arrived", example="25 8 2025", widget=DateInputsWidget(named=False),
                                  label="Date the ECT's comments arrived", error_messages={"required": "Enter the date the comments arrived"})
    text = forms.CharField(label="What the ECT said", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000,
                           error_messages={"required": "Enter what the ECT said, or a summary and where the full text is kept"})


class DecisionForm(RadioItemsMixin, forms.Form):
    decision = forms.ChoiceField(label="The appropriate body's decision", choices=Decision.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select pass, extend or fail"})
    decided_on = DateInputsField(noun="The decision date", example="10 9 2025", widget=DateInputsWidget(named=False),
                                 label="Date of the decision", error_messages={"required": "Enter the date of the decision"})
    number_of_terms = forms.CharField(label="If passing or failing: the number of terms in the current period", required=False,
                                      max_length=10, help_text=TERMS_HINT,
                                      widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-5", "size": 6}))
    extension_terms = forms.CharField(label="If extending: the length in terms", required=False, max_length=10,
                                      widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-5", "size": 6}))
    fail_confirmation_sent_on = DateInputsField(
        noun="The date you wrote to the ECT", example="22 9 2025", required=False, widget=DateInputsWidget(named=False),
        label="If failing: the date you wrote to the ECT", help_text="The letter telling them they failed, their right of appeal and how to appeal.",
    )
    reason = forms.CharField(label="Reasons (and, for an extension, the assessment procedure during it)", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class NoticesForm(RadioItemsMixin, forms.Form):
    sent_on = DateInputsField(noun="The date they were sent", example="23 12 2025", widget=DateInputsWidget(named=False),
                              label="Date the notices were sent", error_messages={"required": "Enter the date the notices were sent"},
                              help_text="To the ECT, the headteacher, the employer and the Teaching Regulation Agency (DL-006).")
    method = forms.ChoiceField(label="How were they sent?", choices=[("email", "Email"), ("by hand", "By hand")], widget=forms.RadioSelect,
                               error_messages={"required": "Select how the notices were sent"})


class NamedContactForm(forms.Form):
    """Change the ECT's named contact from their case page (REGN-004)."""

    named_contact = forms.ModelChoiceField(
        label="Named contact", queryset=named_contact_choices(), empty_label="Select a person",
        help_text="Someone at the appropriate body the ECT can raise concerns with, who does not assess or support them.",
        error_messages={"required": "Select the ECT's named contact", "invalid_choice": NOT_AB_STAFF},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named_contact"].label_from_instance = contact_label
