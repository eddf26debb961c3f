"""Forms of the school's ECT and mentor pages.

The forms parse what was typed; the rules live in the domain functions
(participants.ect_changes, participants.registration), whose errors the views put
back on these fields by name.
"""

from django import forms

from hubportal.lib.forms import DateInputsField, DateInputsWidget, RadioItemsMixin, email_field, name_field
from participants.models import TeacherTransfer, TrainingProgramme, WorkingPattern
from participants.people.forms import normalised_trn, trn_field
from participants.people.identifiers import normalise_trn
from registration.changes import SCHOOL_LEAVING_REASONS
from registration.status import ECTStatus
from registration.teachers import MentorDetails

CURRENT = ""
EVERYONE = "all"
STATUS_FILTERS = [
    (CURRENT, "Current ECTs (everyone except those who have left or completed induction)"),
    *ECTStatus.choices,
    (EVERYONE, "Everyone, including leavers"),
]


class ECTSearchForm(forms.Form):
    q = forms.CharField(label="Search by name or TRN", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", choices=STATUS_FILTERS, required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )


class TeacherNameEmailMixin(RadioItemsMixin, forms.Form):
    first_name = name_field("First name")
    last_name = name_field("Last name")
    email = email_field()


class ECTEditForm(TeacherNameEmailMixin):
    first_name = name_field("First name (as on their teacher record)")
    last_name = name_field("Last name (as on their teacher record)")
    corrected_name = forms.CharField(
        label="Name the school uses, if different (optional)", max_length=200, required=False,
        help_text="For example, a married name not yet on their teacher record.",
    )
    working_pattern = forms.ChoiceField(
        label="Working pattern", choices=WorkingPattern.choices, widget=forms.RadioSelect, required=False,
        error_messages={"invalid_choice": "Select full time or part time"},
    )
    fte = forms.DecimalField(
        label="FTE (part time only)", required=False, help_text="For example, 0.6 for three days a week.",
        error_messages={"invalid": "FTE must be a number, for example 0.6"},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    training_programme = forms.ChoiceField(
        label="Training programme", choices=TrainingProgramme.choices, widget=forms.RadioSelect, required=False,
        error_messages={"invalid_choice": "Select provider-led or school-led"},
    )
    lead_provider = forms.ModelChoiceField(
        label="Lead provider (provider-led only)", queryset=None, required=False, empty_label="Select a lead provider",
        error_messages={"invalid_choice": "Select the lead provider"},
    )
    conditionals = {"working_pattern": {WorkingPattern.PART_TIME: ["fte"]},
                    "training_programme": {TrainingProgramme.PROVIDER_LED: ["lead_provider"]}}

    def __init__(self, *args, lead_providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_provider"].queryset = lead_providers


class MentorChoiceForm(TeacherNameEmailMixin):
    """Pick a mentor already at the school, or register a new one (the fields below "new")."""

    NEW = "new"

    mentor = forms.CharField(label="Who will mentor them?", required=False, widget=forms.RadioSelect,
                             help_text="A mentor can mentor more than one ECT. A teacher cannot mentor themself.")
    trn = trn_field(help_text="5 to 7 digits.")
    conditionals = {"mentor": {NEW: ["trn", "first_name", "last_name", "email"]}}

    def __init__(self, *args, mentors, own_mentor_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.mentors = {str(mentor.public_id): mentor for mentor in mentors}
        self.own_mentor_ids = {str(public_id) for public_id in own_mentor_ids}
        self.fields["mentor"].widget.choices = [
            (public_id, f"{mentor.teacher.full_name} (TRN {mentor.teacher.trn})")
            for public_id, mentor in self.mentors.items()
        ] + [(self.NEW, "Someone else: register a new mentor")]
        self.fields["first_name"].label = "Mentor's first name"
        self.fields["last_name"].label = "Mentor's last name"
        self.fields["email"].label = "Mentor's email address"
        self.chosen_mentor = None
        self.new_mentor = None

    def clean(self):
        data = super().clean()
        choice = data.get("mentor") or ""
        if choice == self.NEW:
            if trn := normalised_trn(self, "trn"):  # ID-TRN-003
                self.new_mentor = MentorDetails(trn=trn, first_name=data.get("first_name", ""),
                                                last_name=data.get("last_name", ""), email=data.get("email", ""))
        elif choice in self.mentors:
            self.chosen_mentor = self.mentors[choice]
        elif choice in self.own_mentor_ids:
            # ROLE-006: the ECT's own mentor record is never offered, but a crafted form could send it.
            self.add_error("mentor", "A teacher cannot mentor themself. Choose a different mentor")
        else:
            self.add_error("mentor", "Select a mentor, or register a new one")
        return data


class MentorCreateForm(TeacherNameEmailMixin):
    trn = trn_field(help_text="5 to 7 digits.")
    field_order = ["trn", "first_name", "last_name", "email"]

    def clean_trn(self):
        return normalise_trn(self.cleaned_data["trn"])  # ID-TRN-003

    def details(self) -> MentorDetails:
        data = self.cleaned_data
        return MentorDetails(trn=data["trn"], first_name=data["first_name"], last_name=data["last_name"], email=data["email"])


class LeavingForm(RadioItemsMixin, forms.Form):
    finished_on = DateInputsField(
        noun="The end date", example="31 12 2026", required=False, widget=DateInputsWidget(named=False),
        label="When do they leave, or when did they leave, the school?", help_text="For example, 31 12 2026",
    )
    reason = forms.ChoiceField(
        label="Why are they leaving?", widget=forms.RadioSelect,
        choices=[(reason.value, reason.label) for reason in SCHOOL_LEAVING_REASONS],
        # Checked here as well as in report_leaver so that it shows beside a date error.
        error_messages={"required": "Select why they are leaving", "invalid_choice": "Select why they are leaving"},
    )
    note = forms.CharField(
        label="Anything the hub should know (optional)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The note must be 1,000 characters or fewer"},
    )


class TransferAnswerForm(RadioItemsMixin, forms.Form):
    """The current school's answer to a move another school asked for (registration.transfers)."""

    CONFIRM, DISPUTE = "confirm", "dispute"
    answer = forms.ChoiceField(label="Is this move right?", widget=forms.RadioSelect,
                               choices=[(CONFIRM, "Confirm the move"), (DISPUTE, "This move is wrong")],
                               error_messages={"required": "Choose an answer", "invalid_choice": "Choose an answer"})
    leaving_on = DateInputsField(
        noun="The date they leave", example="31 8 2026", required=False, widget=DateInputsWidget(named=False),
        label="When do they leave your school?", help_text="For example, 31 8 2026",
    )
    reason = forms.CharField(label="Why is this move wrong?", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kind: str = TeacherTransfer.Kind.ECT, **kwargs):
        super().__init__(*args, **kwargs)
        # Only an ECT's leaving date is asked for: a mentor's period ends when the move takes effect.
        confirm = ["leaving_on"] if kind == TeacherTransfer.Kind.ECT else []
        self.conditionals = {"answer": {self.CONFIRM: confirm, self.DISPUTE: ["reason"]}}
