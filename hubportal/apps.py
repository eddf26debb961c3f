from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class HubportalConfig(AppConfig):
    default = True
    name = "hubportal"
    verbose_name = "Hub Portal"

    def ready(self):
        from hubportal import checks  # noqa: F401 - registers the brand checks


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, open to hub staff only (see hubportal.admin_site)."""

    default = False
    default_site = "hubportal.admin_site.PortalAdminSite"
