"""The privacy notice's pages. Reading it is public; "Continue" records that the signed-in person
saw this version and takes them on to where they were going. Publishing is for hub staff (404 for
anyone else), through privacy.notice.notices.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from hubportal.lib.forms import put_errors
from participants.access import require_hub_staff
from privacy.models import PrivacyNotice
from privacy.notice.forms import ContinueForm, PublishForm
from privacy.notice.middleware import remember_seen
from privacy.notice.notices import current_notice, has_seen, notice_blocks, publish_notice, record_seen
from privacy.notice.starter import starter_text


@require_http_methods(["GET", "HEAD", "POST"])
def notice(request):
    if request.method == "POST":
        return _continue(request)
    current = current_notice()
    next_url = _safe_next(request, request.GET.get("next", ""))
    to_continue = None
    if current is not None and request.user.is_authenticated and not has_seen(request.user, current.version):
        to_continue = ContinueForm(initial={"version": current.version, "next": next_url})
    return render(request, "privacy/notice/notice.html", {
        "notice": current, "blocks": notice_blocks(current.text) if current else [], "continue_form": to_continue,
        "next_url": next_url,
    })


def _continue(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = ContinueForm(request.POST)
    if not form.is_valid():
        return redirect("privacy:notice")
    seen = PrivacyNotice.objects.filter(version=form.cleaned_data["version"]).first()
    if seen is None:
        raise Http404("No such version")
    record_seen(request.user, seen)
    remember_seen(request, seen.version)
    # A version published while they read is the next thing they see (the middleware sends them back).
    return redirect(_safe_next(request, form.cleaned_data["next"]) or "home")


def _safe_next(request, next_url: str) -> str:
    """Only a page of this portal: anything else (another site, a scheme) is dropped."""
    allowed = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return next_url if next_url and allowed else ""


@require_safe
@login_required
def versions(request):
    require_hub_staff(request.user)
    published = PrivacyNotice.objects.select_related("published_by").annotate(seen_by=Count("readings")).order_by("-version")
    return render(request, "privacy/notice/versions.html", {"versions": published})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def publish(request):
    require_hub_staff(request.user)
    current = current_notice()
    form = PublishForm(request.POST if request.method == "POST" else None, initial={"text": current.text if current else starter_text()})
    if form.is_valid():
        try:
            published = publish_notice(form.cleaned_data["text"], summary=form.cleaned_data["summary"], actor=request.user)
        except ValidationError as problem:
            put_errors(form, problem.message_dict)
        else:
            messages.success(request, f"Version {published.version} of the privacy notice is published. "
                                      "Everyone will be shown it on their next page.")
            return redirect("privacy:notice_versions")
    return render(request, "privacy/notice/publish.html", {"form": form, "current": current})
