"""Forms for evaluations: hub staff opening one, and a participant's answer."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from hubportal.lib.dates import academic_year_of
from hubportal.lib.forms import RadioItemsMixin, date_field
from participants.models import School
from programmes.evaluations.evaluations import MAX_COMMENTS, RATING_LABELS, year_label
from programmes.models import Cohort, Evaluation, Event

# Evaluations follow soon after an event: the list offers the last year's, not every event ever held.
RECENT = timedelta(days=365)


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, event):
        return f"{event.title} ({timezone.localtime(event.starts_at):%-d %b %Y})"


class OpenEvaluationForm(RadioItemsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What is it about?", choices=Evaluation.Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select what the evaluation is about"},
    )
    event = EventChoiceField(
        label="Event (for an event evaluation)", required=False, queryset=Event.objects.none(), empty_label="Select an event",
        help_text="Events of the last year that have started and are not cancelled, without an evaluation yet.",
        error_messages={"invalid_choice": "Select an event from the list"},
    )
    cohort = forms.ModelChoiceField(
        label="Cohort (for a programme year evaluation)", required=False, queryset=Cohort.objects.none(), empty_label="Select a cohort",
        error_messages={"invalid_choice": "Select a cohort from the list"},
    )
    academic_year = forms.TypedChoiceField(
        label="Academic year (for the annual survey of schools)", required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": "Select an academic year from the list"},
    )
    title = forms.CharField(label="Title (optional)", max_length=200, required=False,
                            help_text="Leave blank for “Evaluation: ” and what it is about.")
    question = forms.CharField(label="Question (optional)", max_length=300, required=False,
                               help_text="Leave blank for the standard question.")
    opens_on = date_field("Opens on (optional)", required=False, help_text="Leave blank for today. For example, 27 3 2027")
    closes_on = date_field("Closes on (optional)", required=False,
                           help_text="Leave blank for three weeks after it opens. For example, 17 4 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields["event"].queryset = (
            Event.objects.filter(starts_at__lte=now, starts_at__gte=now - RECENT, cancelled_at__isnull=True)
            .exclude(evaluations__kind=Evaluation.Kind.EVENT).order_by("-starts_at")
        )
        self.fields["cohort"].queryset = Cohort.objects.select_related("programme").exclude(evaluations__kind=Evaluation.Kind.PROGRAMME_YEAR)
        this_year = academic_year_of(timezone.localdate())
        self.fields["academic_year"].choices = [("", "Select a year")] + [
            (year, year_label(year)) for year in range(this_year, this_year - 3, -1)
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        needed = {Evaluation.Kind.EVENT: ("event", "Select the event to evaluate"),
                  Evaluation.Kind.PROGRAMME_YEAR: ("cohort", "Select the cohort whose programme year to evaluate"),
                  Evaluation.Kind.SCHOOLS: ("academic_year", "Select the academic year the survey is about")}.get(kind)
        if needed and not data.get(needed[0]) and needed[0] not in self.errors:
            self.add_error(needed[0], needed[1])
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return data

    def evaluation_data(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "kind": kind,
            "event": data.get("event") if kind == Evaluation.Kind.EVENT else None,
            "cohort": data.get("cohort") if kind == Evaluation.Kind.PROGRAMME_YEAR else None,
            "academic_year": data.get("academic_year") if kind == Evaluation.Kind.SCHOOLS else None,
            "title": data.get("title", ""), "question": data.get("question", ""),
            "opens_on": data.get("opens_on"), "closes_on": data.get("closes_on"),
        }


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, school):
        return school.name


class AnswerForm(forms.Form):
    """The rating as radio buttons in a fieldset (its legend is the evaluation's question), and optional comments."""

    school = SchoolChoiceField(
        label="Which school are you answering for?", queryset=None, widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Select the school you are answering for", "invalid_choice": "Select a school you lead"},
    )
    rating = forms.TypedChoiceField(
        choices=list(RATING_LABELS.items()), coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Select a rating from 1 to 5", "invalid_choice": "Select a rating from 1 to 5"},
    )
    comments = forms.CharField(
        label="Comments (optional)", required=False, max_length=MAX_COMMENTS, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Up to {MAX_COMMENTS:,} characters. What worked, and what would make it better?",
        error_messages={"max_length": f"Comments must be {MAX_COMMENTS:,} characters or fewer"},
    )

    def __init__(self, *args, evaluation: Evaluation, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].label = evaluation.question
        if evaluation.kind == Evaluation.Kind.SCHOOLS:
            self.fields["school"].queryset = School.objects.filter(pk__in=[school.pk for school in schools]).order_by("name")
            # Leaders of one school (still to answer) answer for it without choosing.
            if len(schools) == 1:
                self.fields["school"].widget = forms.HiddenInput()
                self.fields["school"].initial = schools[0].pk
        else:
            del self.fields["school"]
