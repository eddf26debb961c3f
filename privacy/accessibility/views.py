"""The portal's accessibility statement: public, as the accessibility regulations require."""

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def statement(request):
    return render(request, "privacy/accessibility/statement.html")
