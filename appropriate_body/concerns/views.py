"""Concern pages (ABD-004): raise one, read it, add and complete actions, record a visit, close it; and
AB staff's list of open concerns.

AB staff reach every concern; an induction tutor those at their school (appropriate_body.access);
anyone else, the ECT included, gets 404 (the ECT reads on their own induction page that one is open).
Only AB staff close a concern.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from appropriate_body.access import concerns_for, get_concern_for, get_concern_induction_for, require_ab_staff
from appropriate_body.concerns import concerns as domain
from appropriate_body.concerns.forms import ActionForm, CloseConcernForm, RaiseConcernForm, VisitForm
from appropriate_body.models import Concern
from hubportal.lib.forms import add_domain_error
from participants.access import is_ab_staff

PER_PAGE = 50


@require_safe
@login_required
def concern_list(request):
    require_ab_staff(request.user)
    today = timezone.localdate()
    concerns = (concerns_for(request.user).filter(status=Concern.Status.OPEN).select_related("induction__teacher", "school")
                .annotate(**domain.action_counts(today)).order_by("raised_at", "pk"))
    page = Paginator(concerns, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "appropriate_body/quality/concern_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def concern_raise(request, induction):
    induction = get_concern_induction_for(request.user, induction)
    today = timezone.localdate()
    form = RaiseConcernForm(request.POST if request.method == "POST" else None, initial={"monitoring_from": today})
    if request.method == "POST" and form.is_valid():
        raised_as = Concern.RaisedAs.AB if is_ab_staff(request.user) else Concern.RaisedAs.SCHOOL
        try:
            concern = domain.raise_concern(induction, description=form.cleaned_data["description"],
                                           monitoring_from=form.cleaned_data["monitoring_from"], review_on=form.cleaned_data["review_on"],
                                           raised_as=raised_as, actor=request.user, now=timezone.now())
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            told = "the school's induction tutors" if raised_as == Concern.RaisedAs.AB else "the appropriate body"
            messages.success(request, f"Concern raised about {induction.teacher.full_name}. We have told {told}.")
            return redirect("appropriate_body:concern_detail", concern=concern.public_id)
    period = induction.periods.filter(finished_on__isnull=True).select_related("school").first()
    return render(request, "appropriate_body/quality/concern_raise.html", {
        "induction": induction, "form": form, "is_ab": is_ab_staff(request.user), "school": period.school if period else None,
    })


@require_safe
@login_required
def concern_detail(request, concern):
    concern = get_concern_for(request.user, concern)
    return render(request, "appropriate_body/quality/concern_detail.html", {
        "concern": concern, "actions": list(concern.actions.all()), "is_ab": is_ab_staff(request.user), "today": timezone.localdate(),
    })


def _open_concern_page(request, concern, form_class, template: str, change, *, initial=None):
    """GET the form (`initial(concern)` fills it); POST it through `change(concern, data)`; back to the concern
    when done. A closed concern answers 404."""
    concern = get_concern_for(request.user, concern)
    if not concern.is_open:
        raise Http404("This concern is closed")
    form = form_class(request.POST if request.method == "POST" else None, initial=initial(concern) if initial else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = change(concern, form.cleaned_data)
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, done)
            return redirect("appropriate_body:concern_detail", concern=concern.public_id)
    return render(request, template, {"concern": concern, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def concern_action_add(request, concern):
    def change(concern, data):
        action = domain.add_action(concern, what=data["what"], who=data["who"], due_on=data["due_on"], actor=request.user)
        return f"Action added, due {action.due_on:%-d %B %Y}."
    return _open_concern_page(request, concern, ActionForm, "appropriate_body/quality/concern_action.html", change)


@require_POST
@login_required
def concern_action_done(request, concern, action):
    concern = get_concern_for(request.user, concern)
    action = get_object_or_404(concern.actions.select_related("concern"), public_id=action)
    try:
        domain.complete_action(action, done_on=timezone.localdate(), actor=request.user)
    except ValidationError as problem:
        messages.error(request, problem.messages[0])
    else:
        messages.success(request, f"Action done: {action.what}")
    return redirect("appropriate_body:concern_detail", concern=concern.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def concern_visit(request, concern):
    def change(concern, data):
        domain.record_visit(concern, visit_on=data["visit_on"], visit_note=data["visit_note"], review_on=data["review_on"], actor=request.user)
        return "Visit recorded."
    def initial(concern):
        return {"visit_on": concern.visit_on, "visit_note": concern.visit_note, "review_on": concern.review_on}
    return _open_concern_page(request, concern, VisitForm, "appropriate_body/quality/concern_visit.html", change, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def concern_close(request, concern):
    require_ab_staff(request.user)

    def change(concern, data):
        domain.close_concern(concern, closing_note=data["closing_note"], actor=request.user, now=timezone.now())
        return f"Concern about {concern.induction.teacher.full_name} closed. We have told the school's induction tutors."
    return _open_concern_page(request, concern, CloseConcernForm, "appropriate_body/quality/concern_close.html", change)
