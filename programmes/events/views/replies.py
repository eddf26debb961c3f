"""The reply page behind the link in each event invitation email."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from programmes.events.forms import ReplyForm
from programmes.events.links import find_by_token
from programmes.events.replies import reply


@require_http_methods(["GET", "POST"])
def event_reply(request, token: str):
    """The link in an event invitation: whoever holds it replies for that one person."""
    invitation = find_by_token(token)
    if invitation is None:
        # Said plainly (still a 404): a link cut short by an email client is the usual cause.
        return render(request, "programmes/event_reply_invalid.html", status=404)
    initial = {"access_needs": invitation.access_needs, "dietary_needs": invitation.dietary_needs}
    if invitation.response:
        initial["answer"] = "accept" if invitation.response == invitation.Response.ACCEPTED else "decline"
    form = ReplyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = reply(invitation, accept=data["answer"] == "accept",
                               access_needs=data["access_needs"], dietary_needs=data["dietary_needs"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _reply_message(invitation))
            return redirect("programmes:event_reply", token=token)
    event, now = invitation.event, timezone.now()
    return render(request, "programmes/event_reply.html", {
        "invitation": invitation, "event": event, "form": form, "is_over": event.ends_at <= now,
        "accepting_closed": bool(event.reply_by and timezone.localdate(now) > event.reply_by),
    })


def _reply_message(invitation) -> str:
    if invitation.place == invitation.Place.CONFIRMED:
        return "Thank you: your place is confirmed."
    if invitation.place == invitation.Place.WAITING:
        return "The event is full, so you are on the waiting list. We will email you if a place comes up."
    return "Thank you for letting us know you cannot come."
