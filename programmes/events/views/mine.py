"""A participant's own events: invitations, replies, upcoming events and their calendar feed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from programmes.events.calendar import feed_ics
from programmes.events.links import reply_token
from programmes.events.mine import feed_events, feed_for, invitations_of, reset_feed
from programmes.models import CalendarFeed


@login_required
@require_GET
def my_events(request):
    now = timezone.now()
    invitations = list(invitations_of(request.user).order_by("event__starts_at"))
    for invitation in invitations:
        invitation.reply_path = reverse("programmes:event_reply", args=[reply_token(invitation)])
    feed = feed_for(request.user)
    return render(request, "programmes/my_events.html", {
        "upcoming": [i for i in invitations if i.event.ends_at > now],
        "past": [i for i in invitations if i.event.ends_at <= now][::-1],
        # The address a calendar app keeps polling: the portal's public one, not whichever host this request named.
        "feed_url": settings.SITE_URL + reverse("programmes:calendar_feed", args=[feed.token]),
    })


@require_POST
@login_required
def calendar_feed_reset(request):
    reset_feed(request.user)
    messages.success(request, "Your calendar address has changed. Subscribe again with the new one; the old one no longer works.")
    return redirect("programmes:my_events")


@require_GET
def calendar_feed(request, token):
    """No sign-in: calendar apps cannot. The unguessable token is the key, and it can be reset."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404("No such calendar")
    content = feed_ics(feed_events(feed), name=f"{feed.user.get_full_name() or feed.user.email}: events")
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")
