"""The AB staff's to-do list: the first page they open."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from appropriate_body.access import require_ab_staff
from appropriate_body.inductions.todo import todo_list


@require_safe
@login_required
def todo(request):
    require_ab_staff(request.user)
    return render(request, "appropriate_body/todo.html", {"items": todo_list(today=timezone.localdate())})
