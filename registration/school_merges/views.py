"""Hub staff's list of schools whose people moved to a GIAS successor, and the reverse action (merges.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from participants.access import require_hub_staff
from registration.models import SchoolMerge
from registration.school_merges.merges import reverse_merge

MERGES_PER_PAGE = 50


@require_safe
@login_required
def merge_list(request):
    require_hub_staff(request.user)
    merges = SchoolMerge.objects.select_related("from_school", "to_school", "created_by", "reversed_by")
    page = Paginator(merges, MERGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "registration/school_merges/list.html", {"page": page})


@require_POST
@login_required
def merge_reverse(request, merge_id):
    require_hub_staff(request.user)
    merge = get_object_or_404(SchoolMerge, public_id=merge_id)
    try:
        reverse_merge(merge, actor=request.user)
    except ValidationError as problem:
        messages.error(request, problem.messages[0])
    else:
        messages.success(request, f"Everything moved from {merge.from_school.name} to {merge.to_school.name} is back at "
                                  f"{merge.from_school.name}. The GIAS import will not move it again.")
    return redirect("participants:school_merges")
