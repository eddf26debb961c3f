from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy

from hubportal.lib.forms import autocomplete_input
from participants.models import School
from participants.schools.search import find_school, label


class SchoolSearchForm(forms.Form):
    q = forms.CharField(label="Search by name, URN or postcode", required=False, max_length=100)


class SchoolField(forms.Field):
    """One school, typed: an autocomplete of the schools/search/ endpoint with JavaScript, and without it
    a URN or a name only one school has. The page carries no list of schools, whatever their number.

    `schools` is the scope the person may choose from (the endpoint answers from the same scope).
    Cleans to a School, or None when blank and not required.
    """

    def __init__(self, *, schools: QuerySet[School] | None = None, max_length: int = 250, **kwargs):
        self.queryset = schools if schools is not None else School.objects.all()
        self.max_length = max_length
        kwargs.setdefault("widget", autocomplete_input(reverse_lazy("participants:school_search")))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # An initial School shows as a chosen suggestion would; posted text re-renders as it was typed.
        return label(value) if isinstance(value, School) else value

    def to_python(self, value) -> School | None:
        text = " ".join(str(value or "").split())
        if not text:
            return None
        if len(text) > self.max_length:
            raise forms.ValidationError("Type part of the school's name, or its URN", code="max_length")
        return find_school(self.queryset, text)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}
