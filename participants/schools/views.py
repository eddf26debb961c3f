"""The schools the hub serves: the list, searched by name, URN or postcode."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from participants import access
from participants.models import Role
from participants.schools.forms import SchoolSearchForm

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
