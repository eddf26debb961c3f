"""The schools the hub serves: the list, searched by name, URN or postcode, and the search behind the
school autocomplete of the invitation and enrolment forms."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from participants import access
from participants.models import Role
from participants.schools.forms import SchoolSearchForm
from participants.schools.search import label, search_schools

SCHOOLS_PER_PAGE = 50


@require_safe
@login_required
def school_list(request):
    schools = access.schools_for(request.user)
    if not (access.sees_all_schools(request.user) or schools.exists()):
        raise Http404
    form = SchoolSearchForm(request.GET)
    if form.is_valid() and (query := form.cleaned_data["q"].strip()):
        match = Q(name__icontains=query) | Q(postcode__istartswith=query)
        if query.isdigit():
            match |= Q(urn=int(query))
        schools = schools.filter(match)
    schools = schools.annotate(tutor_count=Count("role_assignments", filter=Q(role_assignments__role=Role.INDUCTION_TUTOR)))
    page = Paginator(schools.order_by("name"), SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "participants/school_list.html", {"form": form, "page": page})


@require_safe
@login_required
def school_search(request):
    """Suggestions for a school field, from the schools the person may choose: those who invite (hub staff
    and induction tutors) and hub staff enrolling someone; 404 for anyone else."""
    if not access.can_invite(request.user):
        raise Http404
    schools = search_schools(access.schools_for(request.user), request.GET.get("q", "")[:100])
    return JsonResponse({"results": [
        {"urn": school.urn, "label": label(school), "hint": _hint(school)} for school in schools
    ]})


def _hint(school) -> str:
    """Where the school is, and whether it is open: several schools share a name."""
    where = ", ".join(part for part in (school.town, school.postcode) if part)
    return where if school.is_open else f"{where} ({school.get_status_display().lower()})".lstrip()
