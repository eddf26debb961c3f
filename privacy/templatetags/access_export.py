from django import template
from django.utils import timezone

from privacy.access.export import ExportStatus, export_status

register = template.Library()


@register.simple_tag
def export_of(data_request) -> ExportStatus:
    """The request page's export part, for the page itself (the poll's view passes it ready-made)."""
    return export_status(data_request, timezone.now())
