"""Forms of the length requests (ABD-007) and of the post and contract before the start; the rules are the domain's."""

from django import forms

from appropriate_body.models import LengthRequest
from hubportal.lib.forms import RadioItemsMixin, date_field

Basis = LengthRequest.Basis
TERMS_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-5", "size": 6})


def _choices(bases) -> list[tuple[str, str]]:
    return [(basis.value, basis.label) for basis in bases]


class ReductionRequestForm(RadioItemsMixin, forms.Form):
    basis = forms.ChoiceField(label="Why should the induction be reduced?", widget=forms.RadioSelect,
                              choices=_choices(LengthRequest.REDUCTION_BASES),
                              error_messages={"required": "Select the basis for the reduction"})
    terms = forms.CharField(label="Reduction in terms", max_length=10, widget=TERMS_WIDGET,
                            help_text="FTE terms to one decimal place. At least 1 term must be left to serve (LEN-006).",
                            error_messages={"required": "Enter the reduction in terms, like 1.5"})
    evidence = forms.CharField(label="Evidence", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="For example the prior teaching experience, or the period served part-time, and how the "
                                         "ECT meets the Teachers' Standards.",
                               error_messages={"required": "Enter the evidence the appropriate body needs to decide"})
    headteacher_name = forms.CharField(label="Headteacher consulted", max_length=200,
                                       help_text="The headteacher is consulted on a reduction.",
                                       error_messages={"required": "Enter the name of the headteacher you consulted"})


class ExtensionRequestForm(RadioItemsMixin, forms.Form):
    reason = forms.ChoiceField(label="Reason for the extension", widget=forms.RadioSelect,
                               choices=_choices(LengthRequest.EXTENSION_BASES),
                               error_messages={"required": "Select the reason for the extension"})
    terms = forms.CharField(label="Length of the extension in terms", max_length=10, widget=TERMS_WIDGET,
                            help_text="FTE terms, to one decimal place, from 0.1 to 16.",
                            error_messages={"required": "Enter the length of the extension, like 1.5"})
    evidence = forms.CharField(label="Evidence", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="What the appropriate body needs to decide. For illness or disability, not medical detail.",
                               error_messages={"required": "Enter the evidence the appropriate body needs to decide"})


class AnswerForm(RadioItemsMixin, forms.Form):
    answer = forms.ChoiceField(label="Do you consent to the reduction?", widget=forms.RadioSelect,
                               choices=LengthRequest.EctAnswer.choices, error_messages={"required": "Select your answer"})


class DecisionForm(RadioItemsMixin, forms.Form):
    decision = forms.ChoiceField(label="Decision", widget=forms.RadioSelect, choices=[("agree", "Agree"), ("refuse", "Refuse")],
                                 error_messages={"required": "Select agree or refuse"})
    terms = forms.CharField(label="Terms agreed", max_length=10, required=False, widget=TERMS_WIDGET,
                            help_text="Leave empty to agree the terms asked for.")
    reason = forms.CharField(label="Reason for refusing", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="The school and the ECT will read it.")


class PostAndContractForm(RadioItemsMixin, forms.Form):
    suitable_post_confirmed = forms.BooleanField(label="The headteacher confirms the post is suitable for induction (INST-005)",
                                                 required=False)
    contract = forms.ChoiceField(label="Contract", widget=forms.RadioSelect,
                                 choices=[("permanent", "Permanent"), ("fixed_term", "Fixed term")],
                                 error_messages={"required": "Select the kind of contract"})
    contract_ends_on = date_field("Date the fixed-term contract ends", required=False)
