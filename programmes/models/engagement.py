"""Kept engagement figures: for each open school and academic year, which ways of taking part hold.

Written only by programmes.insight.engagement (a set-based refresh), read by the hub insight
dashboard so that a view costs the same whatever the number of schools, people and events. The
rows are facts about schools, never about people: no one is named, and a row is rebuilt from the
records at every refresh (privacy: no personal data, see the retention schedule).
"""

from django.db import models
from django.db.models import Q

# The condition of a cold spot, shared by the partial index and the query that lists them.
TAKES_PART_IN_NOTHING = Q(enrolled=False, attended=False, ects=False, mentors=False)


class SchoolEngagement(models.Model):
    """One open school in one academic year; a school not open at the refresh has no row."""

    school = models.ForeignKey("participants.School", on_delete=models.CASCADE, related_name="engagement")
    # The year it starts in: 2026 for 2026/27.
    academic_year = models.PositiveSmallIntegerField()
    enrolled = models.BooleanField()
    attended = models.BooleanField()
    ects = models.BooleanField()
    mentors = models.BooleanField()
    # The school's place and name at the refresh, copied so that the cold spots come in order from an index.
    local_authority = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    # When a refresh last changed this row (a refresh that finds nothing new leaves it alone).
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            # Year first: the dashboard reads every row of one year.
            models.UniqueConstraint(fields=["academic_year", "school"], name="one_engagement_per_school_and_year"),
        ]
        indexes = [
            # The cold spots a page at a time, in the order the dashboard lists them.
            models.Index(fields=["academic_year", "local_authority", "district", "name", "school"], condition=TAKES_PART_IN_NOTHING,
                         name="engagement_cold_spots"),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} in {self.academic_year}"


class EngagementRefresh(models.Model):
    """When the kept figures of one academic year were last refreshed (one row per year)."""

    academic_year = models.PositiveSmallIntegerField(unique=True)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.academic_year} at {self.refreshed_at:%Y-%m-%d %H:%M}"


class EngagementGroup(models.Model):
    """Open schools and those taking part per local authority, district and phase in one academic year.

    Summed from the year's SchoolEngagement rows at each refresh, so the dashboard's three engagement
    tables read a few hundred rows however many schools there are.
    """

    academic_year = models.PositiveSmallIntegerField()
    local_authority = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=50, blank=True)
    schools = models.PositiveIntegerField()
    taking_part = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "local_authority", "district", "phase"], name="one_engagement_group_per_year"),
            models.CheckConstraint(condition=models.Q(taking_part__lte=models.F("schools")), name="engagement_group_taking_part_of_schools"),
        ]

    def __str__(self) -> str:
        return f"{self.local_authority} {self.district} {self.phase} in {self.academic_year}"


class CohortTally(models.Model):
    """One cohort's enrolments counted by state and NPQ outcome at the last refresh (programmes.insight.tallies).

    The hub dashboard's enrolment and NPQ tables and the programmes page read these (a few dozen rows
    a year) rather than counting every enrolment on every view.
    """

    cohort = models.OneToOneField("programmes.Cohort", on_delete=models.CASCADE, related_name="tally")
    nominated = models.PositiveIntegerField(default=0)
    declined = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)
    deferred = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    passed = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"tally of cohort {self.cohort_id}"


class EventTally(models.Model):
    """One event's confirmed places and attendance at the last refresh of its year (the dashboard's event table)."""

    event = models.OneToOneField("programmes.Event", on_delete=models.CASCADE, related_name="tally")
    confirmed = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"tally of event {self.event_id}"
