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
    # When a refresh last changed this row (a refresh that finds nothing new leaves it alone).
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            # Year first: the dashboard reads every row of one year.
            models.UniqueConstraint(fields=["academic_year", "school"], name="one_engagement_per_school_and_year"),
        ]
        indexes = [
            models.Index(fields=["academic_year"], condition=TAKES_PART_IN_NOTHING, name="engagement_cold_spots"),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} in {self.academic_year}"


class EngagementRefresh(models.Model):
    """When the kept figures of one academic year were last refreshed (one row per year)."""

    academic_year = models.PositiveSmallIntegerField(unique=True)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.academic_year} at {self.refreshed_at:%Y-%m-%d %H:%M}"
