"""Sending the portal's emails: one named function per email elsewhere, this is the plumbing.

Each email has `templates/emails/<name>_subject.txt`, `<name>.txt` (both plain text, never HTML-escaped)
and `<name>.html`.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def render_plain(template_name: str, context: dict) -> str:
    """A subject or text body: plain text, so nothing in it is HTML-escaped (an apostrophe stays an
    apostrophe), whether or not the template remembers `{% autoescape off %}`."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def build_email(name: str, to: str, context: dict) -> EmailMultiAlternatives:
    context = {"hub_name": settings.HUB_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_plain(f"emails/{name}_subject.txt", context).split())
    text = render_plain(f"emails/{name}.txt", context)
    html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        # RFC 3834: tells autoresponders not to answer.
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message
