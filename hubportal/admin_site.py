"""The admin site for hub staff.

Anyone else who is signed in gets 404, as everywhere in the portal, and signing in
goes through allauth so the MFA requirement cannot be side-stepped via /admin/login/.
"""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from participants.access import is_hub_staff


class PortalAdminSite(admin.AdminSite):
    site_header = "Hub Portal administration"
    site_title = "Hub Portal admin"

    def has_permission(self, request) -> bool:
        return request.user.is_active and is_hub_staff(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
            if not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, view)

    def login(self, request, extra_context=None):
        return redirect(f"{reverse('account_login')}?next={reverse('admin:index')}")
