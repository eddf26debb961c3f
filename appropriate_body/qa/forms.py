"""Forms of the QA queue and the workload pages. They parse input; the rules are the domain's."""

from django import forms

from appropriate_body.inductions.contacts import contact_label, named_contact_choices
from appropriate_body.models import QAFinding
from hubportal.lib.dates import long_date


class QACheckForm(forms.Form):
    looked_at = forms.CharField(label="What did you look at?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="For example, the latest progress review, the support plan and the evidence files.",
                                error_messages={"required": "Enter what you looked at"})
    finding = forms.ChoiceField(label="What did you find?", choices=QAFinding.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select what you found"})
    note = forms.CharField(label="Note", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="Needed for a concern or a returned report: what is wrong and what the school should do.")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return contact_label(user)


class PlanWorkForm(forms.Form):
    assignee = StaffChoiceField(label="Who will do it", queryset=named_contact_choices(), required=False, empty_label="Nobody yet")
    planned_week = forms.TypedChoiceField(label="Week beginning", coerce=forms.DateField().to_python, empty_value=None,
                                          error_messages={"required": "Select a week"})

    def __init__(self, *args, weeks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_week"].choices = [(week.isoformat(), long_date(week)) for week in weeks]


class MemberFilterForm(forms.Form):
    member = StaffChoiceField(label="Planned for", queryset=named_contact_choices(), required=False, empty_label="Everyone")
