"""A school's events: who from the school is coming, and its induction tutor booking places.

Scoped by participants.access.get_school_to_manage (404 for anyone but the school's tutors
and hub staff); bookings go through programmes.school_bookings.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from participants.access import get_school_to_manage
from programmes.events.bookings import book_places, bookable_events, booking_candidates, events_for_school, school_attendees, school_events
from programmes.events.forms import SchoolBookingForm
from programmes.events.replies import reply, wants_or_holds_place
from programmes.models import Event


@require_safe
@login_required
def school_event_list(request, urn: int):
    school = get_school_to_manage(request.user, urn)
    now = timezone.now()
    events = list(events_for_school(school, now=now))
    bookable = set(bookable_events(now=now).filter(pk__in=[event.pk for event in events]).values_list("pk", flat=True))
    for event in events:
        event.can_book = event.pk in bookable
    return render(request, "programmes/school_events/list.html", {"school": school, "events": events})


def _get_event(school, public_id):
    try:
        return school_events(school).select_related("cohort").get(public_id=public_id)
    except Event.DoesNotExist:
        raise Http404("No such event") from None


@require_http_methods(["GET", "POST"])
@login_required
def school_event_detail(request, urn: int, event):
    school = get_school_to_manage(request.user, urn)
    event = _get_event(school, event)
    now = timezone.now()
    attendees = list(school_attendees(event, school))
    can_book = bookable_events(now=now).filter(pk=event.pk).exists()
    if request.method == "POST" and not can_book:
        messages.error(request, "Places for this event can no longer be booked.")
        return redirect("programmes:school_event_detail", urn=school.urn, event=event.public_id)
    candidates = booking_candidates(event, school, today=timezone.localdate(now)) if can_book else []
    form = SchoolBookingForm(request.POST if request.method == "POST" else None, candidates=candidates,
                             initial={"people": [c.teacher_id for c in candidates if c.suggested]})
    if request.method == "POST" and form.is_valid():
        try:
            result = book_places(event, school, form.cleaned_data["people"], actor=request.user, now=now)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _booking_message(result))
            return redirect("programmes:school_event_detail", urn=school.urn, event=event.public_id)
    holding = {a.teacher_id: a for a in attendees if a.teacher_id and wants_or_holds_place(a)}
    ticked = {str(value) for value in form["people"].value() or []}
    rows = [(c, holding.get(c.teacher_id), str(c.teacher_id) in ticked) for c in candidates]
    return render(request, "programmes/school_events/detail.html", {
        "school": school, "event": event, "attendees": attendees, "can_book": can_book, "form": form, "rows": rows,
        "can_cancel": not event.cancelled_at and event.ends_at > now,
        "confirmed": sum(a.place == a.Place.CONFIRMED for a in attendees),
        "waiting": sum(a.place in (a.Place.WAITING, a.Place.OFFERED) for a in attendees),
    })


def _booking_message(result) -> str:
    parts = []
    if result.confirmed:
        parts.append(f"{_people(len(result.confirmed))} booked: {', '.join(result.confirmed)}.")
    if result.waiting:
        parts.append(f"The event is full, so {_people(len(result.waiting))} went on the waiting list: {', '.join(result.waiting)}.")
    if result.unchanged:
        parts.append(f"Already booked or waiting, so left as they were: {', '.join(result.unchanged)}.")
    return " ".join(parts) + " Each person is emailed."


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


@require_POST
@login_required
def school_event_cancel_place(request, urn: int, event, invitation):
    """The tutor says someone from the school cannot come after all: their place passes to the waiting list."""
    school = get_school_to_manage(request.user, urn)
    event = _get_event(school, event)
    invitation = get_object_or_404(school_attendees(event, school), public_id=invitation)
    try:
        reply(invitation, accept=False, access_needs=invitation.access_needs, dietary_needs=invitation.dietary_needs)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, f"{invitation.name} will not be coming. Any place they held goes to the next person waiting.")
    return redirect("programmes:school_event_detail", urn=school.urn, event=event.public_id)
