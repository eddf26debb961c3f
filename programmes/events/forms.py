"""Forms of the event pages: hub staff's (an event's details, who to invite), the reply behind each
invitation's link, and a school booking its people."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from hubportal.lib.forms import date_field, time_field
from participants.models import Role, User
from programmes.events.audiences import AudienceKind, AudienceRule
from programmes.models import Cohort, Event, EventKind, Strand

LONDON = ZoneInfo("Europe/London")
# The roles hub staff can invite as a whole, with the words the audience form uses for them.
INVITABLE_ROLES = {
    Role.INDUCTION_TUTOR: "induction tutor",
    Role.NPQ_PARTICIPANT: "NPQ participant",
    Role.MENTOR: "mentor",
    Role.ECT: "early career teacher (ECT)",
}
MAX_EXTRAS = 500


class FacilitatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = f"{user.first_name} {user.last_name}".strip()
        return f"{name} ({user.email})" if name else user.email


class EventForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    kind = forms.ChoiceField(label="Kind of event", choices=[("", "Select a kind")] + EventKind.choices,
                             error_messages={"required": "Select the kind of event"})
    cohort = forms.ModelChoiceField(label="Cohort (optional)", queryset=Cohort.objects.none(), required=False,
                                    empty_label="No cohort")
    venue = forms.CharField(max_length=300, required=False, help_text="Leave blank for an online-only event.")
    online_url = forms.URLField(label="Online link", required=False, max_length=200, assume_scheme="https",
                                error_messages={"invalid": "Enter the online link as a full web address, like https://example.org/meeting"})
    start_date = date_field("Date", error_messages={"required": "Enter the date of the event"})
    start_time = time_field("Start time", error_messages={"required": "Enter a start time",
                                                          "invalid": "Enter a real time, like 09:30"})
    end_time = time_field("End time", error_messages={"required": "Enter an end time", "invalid": "Enter a real time, like 16:00"})
    end_date = date_field("End date (optional)", required=False,
                          help_text="Only if the event ends on a later day. For example, 28 3 2027")
    capacity = forms.IntegerField(label="Capacity (optional)", required=False, min_value=1,
                                  help_text="Leave blank for no limit.",
                                  error_messages={"invalid": "Capacity must be a whole number", "min_value": "Capacity must be at least 1"})
    reply_by = date_field("Reply by (optional)", required=False)
    cpd_hours = forms.DecimalField(label="CPD hours", max_digits=4, decimal_places=1, min_value=0, initial=0,
                                   error_messages={"required": "Enter the CPD hours (0 if none)", "invalid": "CPD hours must be a number, like 2.5",
                                                   "min_value": "CPD hours must be 0 or more", "max_decimal_places": "CPD hours must have at most one decimal place",
                                                   "max_digits": "CPD hours must be less than 1000"})
    facilitators = FacilitatorChoiceField(label="Facilitators (optional)", queryset=User.objects.none(), required=False,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text="People with the facilitator role. Select all that apply.",
                                          error_messages={"invalid_choice": "Select facilitators from the list"})
    school_booking = forms.BooleanField(
        label="Induction tutors can book their school's ECTs and mentors onto this event", required=False,
        help_text="Tutors see it under their school's events and book people in one go, until the reply-by date.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.select_related("programme")
        self.fields["facilitators"].queryset = (
            User.objects.filter(role_assignments__role=Role.FACILITATOR).distinct().order_by("last_name", "first_name", "email")
        )

    @staticmethod
    def initial_for(event: Event) -> dict:
        starts, ends = event.starts_at.astimezone(LONDON), event.ends_at.astimezone(LONDON)
        return {
            "title": event.title, "kind": event.kind, "cohort": event.cohort_id, "venue": event.venue, "online_url": event.online_url,
            "start_date": starts.date(), "start_time": starts.time(), "end_date": ends.date() if ends.date() != starts.date() else None,
            "end_time": ends.time(), "capacity": event.capacity, "reply_by": event.reply_by, "cpd_hours": event.cpd_hours,
            "facilitators": list(event.facilitators.values_list("pk", flat=True)), "description": event.description,
            "school_booking": event.school_booking,
        }

    def clean(self):
        data = super().clean()
        start_date, start_time, end_time = data.get("start_date"), data.get("start_time"), data.get("end_time")
        if start_date and start_time:
            data["starts_at"] = datetime.combine(start_date, start_time, tzinfo=LONDON)
            if end_time and "end_date" not in self.errors:
                data["ends_at"] = datetime.combine(data.get("end_date") or start_date, end_time, tzinfo=LONDON)
                if data["ends_at"] <= data["starts_at"]:
                    self.add_error("end_time", "The end must be after the start")
            reply_by = data.get("reply_by")
            if reply_by and reply_by > start_date:
                self.add_error("reply_by", "The reply-by date must be on or before the day the event starts")
        if not data.get("venue") and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("venue", "Enter a venue or an online link")
        return data

    def event_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["cohort"] = data.get("cohort")
        return data


def _cohort_choices() -> list[tuple[str, str]]:
    choices = []
    for cohort in Cohort.objects.filter(programme__strand=Strand.ECTE).select_related("programme"):
        choices.append((f"{AudienceKind.COHORT}:{cohort.pk}", f"Everyone in cohort {cohort.name}"))
        choices.append((f"{AudienceKind.COHORT_MENTORS}:{cohort.pk}", f"Mentors of the ECTs in cohort {cohort.name}"))
    return choices


class AudienceForm(forms.Form):
    rules = forms.MultipleChoiceField(label="Who to invite", required=False, widget=forms.CheckboxSelectMultiple)
    extras = forms.CharField(
        label="Other people to invite (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Email addresses, one on each line.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [(f"{AudienceKind.ROLE}:{role.value}", f"Everyone with the role “{label}”") for role, label in INVITABLE_ROLES.items()]
        self.fields["rules"].choices = _cohort_choices() + roles

    def clean_extras(self) -> list[str]:
        emails, bad = [], []
        for number, line in enumerate(self.cleaned_data["extras"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            try:
                validate_email(line)
            except ValidationError:
                bad.append(f"Line {number} (“{line[:80]}”) is not an email address")
            else:
                emails.append(line.lower())
        if bad:
            raise ValidationError(bad + ["Enter one email address on each line, like name@example.org"])
        if len(emails) > MAX_EXTRAS:
            raise ValidationError(f"Enter at most {MAX_EXTRAS} email addresses; use a rule for larger groups")
        return emails

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("rules") and not data.get("extras"):
            self.add_error("rules", "Select who to invite, or enter email addresses")
        return data

    def audience(self) -> tuple[list[AudienceRule], list[str]]:
        rules = []
        for value in self.cleaned_data["rules"]:
            kind, _, arg = value.partition(":")
            if kind == AudienceKind.ROLE:
                rules.append(AudienceRule(kind, role=arg))
            else:
                rules.append(AudienceRule(kind, cohort_id=int(arg)))
        return rules, self.cleaned_data["extras"]


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
