"""Demo certificates: held conferences issued theirs; the demo logins can download theirs at once.

One test, as seeding the demo takes a while.
"""

import io
import random
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from demo.certificates import certified_events, seed_demo_certificates
from demo.hub import seed_demo
from demo.people import DEMO_DOMAIN
from participants.models import User
from programmes.access import certificates_of
from programmes.models import Certificate, CertificateNotice, Event, EventInvitation, RenderState

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def build_demo():
    # Seeded as every demo module is (demo/tests/conftest.py), with MEDIA_ROOT in a temporary directory.
    return lambda: seed_demo(today=TODAY)


def test_held_conferences_have_certificates_the_demo_logins_can_download(demo, client):
    events = certified_events(TODAY)
    last_year = [e for e in events if e.starts_at.date() < date(2026, 9, 1)]
    assert len(last_year) >= 4 and any(e.starts_at.date() >= date(2026, 9, 1) for e in events)
    present = EventInvitation.objects.filter(event__in=events, attended_at__isnull=False)
    assert demo.certificates_created == present.count() == Certificate.objects.count()
    # The most recently held event is left for hub staff to issue in the demo.
    latest = Event.objects.filter(register_closed_at__isnull=False, cpd_hours__gt=0).order_by("-starts_at").first()
    assert latest not in events and latest.invitations.filter(attended_at__isnull=False).exists()
    assert Certificate.objects.values("code").distinct().count() == Certificate.objects.count()
    # Their emails count as sent: starting the portal sends none of them.
    assert set(CertificateNotice.objects.values_list("email_state", flat=True)) == {"sent"}
    assert CertificateNotice.objects.count() == Certificate.objects.count()

    for login in ("ect", "mentor"):
        person = User.objects.get(email=f"{login}@{DEMO_DOMAIN}")
        mine = list(certificates_of(person))
        assert mine and all(c.render_state == RenderState.RENDERED for c in mine), login
        client.force_login(person)
        response = client.get(reverse("programmes:certificate_download", kwargs={"certificate": mine[0].public_id}))
        assert response.status_code == 200
        text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
        assert mine[0].code in text and mine[0].title in text
    # Everyone else's wait for the worker, queued.
    assert Certificate.objects.filter(render_state=RenderState.QUEUED).exists()

    codes = set(Certificate.objects.values_list("code", flat=True))
    assert seed_demo_certificates(today=TODAY, hub_staff=None) == 0
    assert set(Certificate.objects.values_list("code", flat=True)) == codes


def test_demo_certificate_codes_are_unguessable_like_real_ones(demo):
    """Verification codes are public proofs: the demo's come from `secrets` as every hub's do, not from its seed."""
    from demo.events import SEED
    from programmes.certificates.certificates import CODE_ALPHABET, CODE_GROUP_LENGTH, CODE_GROUPS

    def seeded_codes(title: str, count: int) -> set[str]:
        rng = random.Random(f"{SEED}-certificates-{title}")
        return {"-".join("".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS))
                for _ in range(count)}

    events = certified_events(TODAY)
    assert events
    for event in events:
        codes = set(Certificate.objects.filter(invitation__event=event).values_list("code", flat=True))
        assert codes and not codes & seeded_codes(event.title, len(codes)), event.title
