"""Hub staff's event pages: list, create, edit, copy, invite an audience and watch the sending.

Only hub staff (participants.access.is_hub_staff) see these; anyone else gets 404, so the
pages do not reveal they exist. Every change goes through a domain function
(programmes.events, programmes.event_invitations).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubportal.lib.forms import add_domain_error
from hubportal.lib.outbox import EmailState
from participants import access
from programmes.events.audiences import resolve
from programmes.events.events import cancel_event, copy_event, create_event, event_history, update_event
from programmes.events.forms import AudienceForm, EventForm
from programmes.events.invitations import invite_audience, resend_event_invitation
from programmes.models import Event, EventInvitation, Place

RECIPIENTS_PER_PAGE = 100
# Domain errors are keyed by model field; the form shows them on the input at fault.
FORM_FIELD_FOR = {"starts_at": "start_time", "ends_at": "end_time"}


def _event_for(user, public_id) -> Event:
    access.require_hub_staff(user)
    return get_object_or_404(Event.objects.select_related("cohort__programme"), public_id=public_id)


@login_required
@require_GET
def event_list(request):
    access.require_hub_staff(request.user)
    # One query for every row's counts, however many events there are.
    events = list(
        Event.objects.annotate(
            invited=Count("invitations"),
            accepted=Count("invitations", filter=Q(invitations__place=Place.CONFIRMED)),
            waiting=Count("invitations", filter=Q(invitations__place=Place.WAITING)),
        ).order_by("starts_at")
    )
    now = timezone.now()
    upcoming = [event for event in events if event.ends_at >= now]
    past = [event for event in reversed(events) if event.ends_at < now]
    return render(request, "programmes/events/list.html", {"upcoming": upcoming, "past": past})


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    access.require_hub_staff(request.user)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_event(form.event_data(), actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error, FORM_FIELD_FOR)
        else:
            messages.success(request, f"Event “{event.title}” created. Now choose who to invite.")
            return redirect("programmes:event_detail", event=event.public_id)
    return render(request, "programmes/events/form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, event):
    event = _event_for(request.user, event)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            update = update_event(event, form.event_data(), actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error, FORM_FIELD_FOR)
        else:
            messages.success(request, _saved_message(update.told))
            event = update.event
            return redirect("programmes:event_detail", event=event.public_id)
    return render(request, "programmes/events/form.html", {"form": form, "event": event})


def _saved_message(told: int) -> str:
    if not told:
        return "Event details saved."
    people = "1 person with a place or on the waiting list is" if told == 1 else f"{told} people with a place or on the waiting list are"
    return f"Event details saved. {people} being emailed the new time or place."


@require_POST
@login_required
def event_copy(request, event):
    event = _event_for(request.user, event)
    copy = copy_event(event, actor=request.user)
    messages.success(request, f"Copied “{event.title}” to {timezone.localtime(copy.starts_at):%A %-d %B %Y}. Check the details and save.")
    return redirect("programmes:event_edit", event=copy.public_id)


@require_POST
@login_required
def event_cancel(request, event):
    event = _event_for(request.user, event)
    try:
        told = cancel_event(event, reason=request.POST.get("reason", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{event.title}” is cancelled. {told} {'person is' if told == 1 else 'people are'} being told.")
    return redirect("programmes:event_detail", event=event.public_id)


def _progress(event: Event) -> dict:
    counts = event.invitations.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(email_state=EmailState.SENT)),
        failed=Count("pk", filter=Q(email_state=EmailState.FAILED)),
        pending=Count("pk", filter=Q(email_state__in=[EmailState.QUEUED, EmailState.SENDING])),
    )
    done = counts["sent"] + counts["failed"]
    counts["percent"] = round(100 * done / counts["total"]) if counts["total"] else 100
    return counts


def _render_detail(request, event: Event, audience_form: AudienceForm, check: dict | None = None):
    invitations = event.invitations.select_related("school").order_by("last_name", "first_name", "email")
    page = Paginator(invitations, RECIPIENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "event": event, "audience_form": audience_form, "form": audience_form, "check": check, "page": page,
        "facilitators": event.facilitators.order_by("last_name", "first_name"),
        "progress": _progress(event), "is_open": not event.cancelled_at and event.ends_at > timezone.now(),
        "history": event_history(event),
    }
    return render(request, "programmes/events/detail.html", context)


@login_required
@require_GET
def event_detail(request, event):
    """The event, who to invite ("Check how many" is a GET of this page), and who is invited."""
    event = _event_for(request.user, event)
    check = None
    if "check" in request.GET:
        audience_form = AudienceForm(request.GET)
        if audience_form.is_valid():
            rules, extras = audience_form.audience()
            emails = [r.email.lower() for r in resolve(rules, extras, today=timezone.localdate())]
            already = event.invitations.filter(email__in=emails).count() if emails else 0
            check = {"matched": len(emails), "already": already, "new": len(emails) - already, "extras_text": "\n".join(extras)}
    else:
        audience_form = AudienceForm()
    return _render_detail(request, event, audience_form, check)


@require_POST
@login_required
def event_invite(request, event):
    event = _event_for(request.user, event)
    audience_form = AudienceForm(request.POST)
    if not audience_form.is_valid():
        return _render_detail(request, event, audience_form)
    rules, extras = audience_form.audience()
    try:
        created = invite_audience(event, rules, extras, actor=request.user, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(request, f"{created} invitation{'s' if created != 1 else ''} queued to send.")
        else:
            messages.info(request, "Everyone in that audience has already been invited. Nobody new was added.")
    return redirect("programmes:event_detail", event=event.public_id)


@require_POST
@login_required
def event_invitation_resend(request, event, invitation):
    event = _event_for(request.user, event)
    invitation = get_object_or_404(EventInvitation, event=event, public_id=invitation)
    if resend_event_invitation(invitation):
        messages.success(request, f"The invitation to {invitation.email} is queued to send again.")
    else:
        messages.error(request, f"Only a failed invitation can be re-sent; the one to {invitation.email} is {invitation.get_email_state_display().lower()}.")
    return redirect("programmes:event_detail", event=event.public_id)


@login_required
@require_GET
def event_progress(request, event):
    """The progress bar alone, which htmx polls while invitations are still to be sent."""
    event = _event_for(request.user, event)
    return render(request, "programmes/events/_progress.html", {"event": event, "progress": _progress(event)})
