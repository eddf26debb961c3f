"""My golden thread: the signed-in person's own timeline. There is no parameter: nobody can ask for anyone else's."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hubportal.thread.timeline import thread_of
from participants.access import has_role
from participants.models import Role


@require_safe
@login_required
def my_golden_thread(request):
    return render(request, "programmes/thread/mine.html", {
        "thread": thread_of(request.user),
        # The induction record page is the ECT's own (appropriate_body:my_induction 404s for anyone else).
        "links_induction": has_role(request.user, Role.ECT),
    })
