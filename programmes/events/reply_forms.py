from django import forms


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label="Will you come?",
        choices=[("accept", "Yes, I will come"), ("decline", "No, I cannot come")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you will come"},
    )
    access_needs = forms.CharField(
        label="Access needs (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example step-free access, a hearing loop or a seat near the front.",
    )
    dietary_needs = forms.CharField(
        label="Dietary needs (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
    )


class SchoolBookingForm(forms.Form):
    """The school's ECTs and mentors to book onto an event, as ticks (programmes.school_bookings)."""

    people = forms.TypedMultipleChoiceField(
        label="Who to book", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person to book",
                        "invalid_choice": "Some of the people selected are no longer at your school. Check the list and try again."},
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(c.teacher_id, c.name) for c in candidates]
