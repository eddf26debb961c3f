"""Finding one school by what someone typed: its URN, or words of its name (or town or postcode).

One reading serves both the autocomplete's suggestions (search_schools, at most a page of them) and a
form without JavaScript (find_school: the one school the text names, or an error saying why not), so a
school the suggestions offer is always one the form accepts.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, CharField, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Replace

from participants.models import School

# A page of suggestions: enough to find a school by a word or two, small whatever the number of schools.
SUGGESTIONS = 20
# ID-URN-001: URNs have 5 or 6 digits.
URN_LENGTHS = (5, 6)
# "Name (URN)": what a chosen suggestion puts in the box.
_CHOSEN = re.compile(r"\((\d{1,9})\)\s*$")
# Apostrophes, straight or curly, are left out on both sides: "St Marys" finds "St Mary's".
_APOSTROPHES = ("'", "\u2019")


def label(school: School) -> str:
    """The text a chosen school shows in the box, which find_school reads back."""
    return f"{school.name} ({school.urn})"


def _plain(text: str) -> str:
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    return text


def _urn_prefix(digits: str) -> Q:
    """URNs that start with the digits typed so far: a range of the unique index per URN length."""
    match = Q(pk__in=[])
    for length in URN_LENGTHS:
        if len(digits) <= length:
            scale = 10 ** (length - len(digits))
            match |= Q(urn__gte=int(digits) * scale, urn__lt=(int(digits) + 1) * scale)
    return match


def matching_schools(schools: QuerySet[School], query: str) -> QuerySet[School]:
    """The schools in `schools` that the query names, best first: the exact URN, then the exact name,
    then open schools before closed ones (ID-GIAS-002), then by name."""
    query = " ".join(query.split())
    if not query:
        return schools.none()
    if query.isdigit():
        return schools.filter(_urn_prefix(query)).annotate(
            exact=Case(When(urn=int(query), then=Value(True)), default=Value(False), output_field=BooleanField()),
        ).order_by("-exact", "urn")
    plain_name = Replace(Replace("name", Value(_APOSTROPHES[0]), Value("")), Value(_APOSTROPHES[1]), Value(""))
    # One text per school to look in (a space between the parts, which no typed word holds): one
    # case-folded comparison per word, not three.
    found = schools.alias(words=Concat(plain_name, Value(" "), "town", Value(" "), "postcode", output_field=CharField()))
    for word in _plain(query).split():
        found = found.filter(words__icontains=word)
    return found.annotate(
        exact=Case(When(name__iexact=query, then=Value(True)), default=Value(False), output_field=BooleanField()),
        open=Case(When(status__in=[School.Status.OPEN, School.Status.PROPOSED_TO_CLOSE], then=Value(True)),
                  default=Value(False), output_field=BooleanField()),
    ).order_by("-exact", "-open", "name", "urn")


def search_schools(schools: QuerySet[School], query: str, *, limit: int = SUGGESTIONS) -> list[School]:
    """At most `limit` schools the query names, best first, in one query."""
    return list(matching_schools(schools, query).only("urn", "name", "town", "postcode", "status")[:limit])


def find_school(schools: QuerySet[School], text: str) -> School:
    """The one school in `schools` that the text names: "Name (URN)" as a suggestion puts it, a URN, or
    words of a name that only one school has (or one school's exact name). ValidationError otherwise."""
    text = " ".join(text.split())
    chosen = _CHOSEN.search(text)
    if chosen or text.isdigit():
        urn = int(chosen.group(1) if chosen else text)
        school = schools.filter(urn=urn).first()
        if school is None:
            raise ValidationError(f"No school matches \u201c{text}\u201d. Check the URN, or type part of the school's name",
                                  code="unknown")
        return school
    found = list(matching_schools(schools, text)[:2])
    if not found:
        raise ValidationError(f"No school matches \u201c{text}\u201d. Type part of the school's name, or its URN",
                              code="unknown")
    if len(found) == 1 or (found[0].exact and not found[1].exact):
        return found[0]
    raise ValidationError(f"More than one school matches \u201c{text}\u201d; enter its URN", code="ambiguous")
