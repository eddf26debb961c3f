"""Filtering every ECT registration across the hub's schools (the hub staff and AB staff list).

The list page and its CSV and XLSX exports filter through the same FilterSet over the
same queryset, so an export holds exactly the rows the list shows. The status filter is
registration.status.status_filter for the day the list is drawn (`today`).
"""

from datetime import date

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from participants.models import ECTAtSchoolPeriod, School
from programmes.models import Cohort, Enrolment, Strand
from registration.status import ECTStatus, search_by_name_or_trn, status_filter


def ecte_cohorts(request=None) -> QuerySet[Cohort]:
    return (
        Cohort.objects.filter(programme__strand=Strand.ECTE)
        .select_related("programme")
        .order_by("-academic_year", "stage")
    )


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cohort: Cohort) -> str:
        # Every choice is an ECTE cohort: the year and stage tell them apart.
        stage = f" {cohort.get_stage_display()}" if cohort.stage else ""
        return f"{cohort.academic_year_label}{stage}"


class CohortFilter(django_filters.ModelChoiceFilter):
    field_class = CohortChoiceField


class RegistrationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name or TRN", method="filter_name_or_trn", widget=forms.TextInput(attrs={"type": "search"})
    )
    school = django_filters.CharFilter(
        label="School name or URN", method="filter_school", widget=forms.TextInput(attrs={"type": "search"})
    )
    local_authority = django_filters.ChoiceFilter(
        label="Local authority", field_name="school__local_authority", empty_label="Any local authority"
    )
    district = django_filters.ChoiceFilter(label="District", field_name="school__district", empty_label="Any district")
    cohort = CohortFilter(label="ECTE cohort", queryset=ecte_cohorts, method="filter_cohort", empty_label="Any cohort")
    status = django_filters.ChoiceFilter(label="Status", choices=ECTStatus.choices, empty_label="Any status", method="filter_status")

    class Meta:
        model = ECTAtSchoolPeriod
        fields: list[str] = []

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        # One query for both selects; a 1,500-school hub has a few dozen of each at most.
        places = School.objects.order_by().values_list("local_authority", "district").distinct()
        authorities, districts = set(), set()
        for authority, district in places:
            authorities.add(authority)
            districts.add(district)
        self.filters["local_authority"].extra["choices"] = [(a, a) for a in sorted(authorities) if a]
        self.filters["district"].extra["choices"] = [(d, d) for d in sorted(districts) if d]
        messages = {
            "local_authority": "Select a local authority from the list",
            "district": "Select a district from the list",
            "cohort": "Select an ECTE cohort from the list",
            "status": "Select a status from the list",
        }
        for name, message in messages.items():
            self.filters[name].extra["error_messages"] = {"invalid_choice": message}

    def filter_name_or_trn(self, queryset, name, value: str):
        return search_by_name_or_trn(queryset, value.strip())

    def filter_school(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        match = Q(school__name__icontains=value)
        if value.isdigit() and len(value) <= 7:
            match |= Q(school__urn=int(value))
        return queryset.filter(match)

    def filter_status(self, queryset, name, value: str):
        return queryset.filter(status_filter(value, today=self.today))

    def filter_cohort(self, queryset, name, cohort: Cohort):
        # Enrolments name the teacher, not the period: an ECT is in the cohort wherever they are now.
        return queryset.filter(Exists(Enrolment.objects.filter(teacher=OuterRef("teacher_id"), cohort=cohort)))
