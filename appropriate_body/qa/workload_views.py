"""AB staff's workload: the forecast by week, one week's items, planning an item, and "My work". 404 for anyone else."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from appropriate_body.access import require_ab_staff
from appropriate_body.inductions.contacts import contact_label, named_contact_choices
from appropriate_body.qa.assignments import find_item, plan_work
from appropriate_body.qa.forms import MemberFilterForm, PlanWorkForm
from appropriate_body.qa.tallies import kept_counts
from appropriate_body.qa.workload import COLUMNS, forecast, items_in_week, member_items, monday, weeks
from hubportal.lib.dates import long_date
from hubportal.lib.forms import add_domain_error

PER_PAGE = 50


def _member(request):
    form = MemberFilterForm(request.GET or None)
    return form, (form.cleaned_data["member"] if form.is_valid() else None)


@require_safe
@login_required
def workload(request):
    require_ab_staff(request.user)
    form, member = _member(request)
    # Everyone's work reads the reviews and reports counted at the last refresh; one member's is their planned items.
    kept = kept_counts() if member is None else None
    by_week = forecast(today=timezone.localdate(), member=member, kept=kept[0] if kept else None)
    return render(request, "appropriate_body/quality/workload.html", {
        "weeks": by_week, "total": sum(week.total for week in by_week), "columns": COLUMNS, "form": form, "member": member,
        "capacity": settings.AB_WEEKLY_CAPACITY, "as_at": kept[1] if kept else None,
        "refresh_minutes": settings.WORKLOAD_REFRESH_MINUTES,
    })


def _week(value: str) -> date:
    try:
        week = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Http404("No such week") from None
    if week not in weeks(timezone.localdate()):
        raise Http404("No such week")
    return week


@require_safe
@login_required
def workload_week(request):
    require_ab_staff(request.user)
    week = _week(request.GET.get("week") or monday(timezone.localdate()).isoformat())
    form, member = _member(request)
    staff = {user.pk: contact_label(user) for user in named_contact_choices()}
    page = Paginator(items_in_week(week, today=timezone.localdate(), member=member), PER_PAGE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.assignee_label = staff.get(item.assignee_id, "Nobody yet")
    return render(request, "appropriate_body/quality/workload_week.html", {
        "week": week, "page": page, "items": page.object_list, "member": member, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, item_kind: str, item):
    require_ab_staff(request.user)
    today = timezone.localdate()
    work = find_item(item_kind, item, today=today)
    if work is None:
        raise Http404("No such work")
    form = PlanWorkForm(request.POST if request.method == "POST" else None, weeks=weeks(today),
                        initial={"planned_week": work.week.isoformat(), "assignee": work.assignee_id})
    if request.method == "POST" and form.is_valid():
        try:
            assignment = plan_work(work, assignee=form.cleaned_data["assignee"], planned_week=form.cleaned_data["planned_week"],
                                   actor=request.user, today=today)
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            who = contact_label(assignment.assignee) if assignment.assignee else "nobody yet"
            messages.success(request, f"Planned for the week beginning {long_date(assignment.planned_week)}, for {who}.")
            return redirect(f"{reverse('appropriate_body:workload_week')}?week={assignment.planned_week.isoformat()}")
    return render(request, "appropriate_body/quality/workload_plan.html", {"work": work, "form": form})


@require_safe
@login_required
def my_work(request):
    require_ab_staff(request.user)
    today = timezone.localdate()
    weeks_of_work = [(long_date(week), items) for week, items in member_items(request.user, today=today).items()]
    return render(request, "appropriate_body/quality/my_work.html", {"weeks": weeks_of_work})
