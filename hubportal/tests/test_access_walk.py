"""Walk every URL pattern as every role and check each answer.

The tables in access_rows/ must name every pattern of the portal's own apps: a new
view without a row fails `test_every_portal_url_has_expectations`. Sample values for
URL parameters come from `url_kwargs`: by URL name first, then by parameter name. Django admin and
allauth patterns are walked by rule instead (admin: hub staff only, 404 for
everyone else signed in; allauth: never a server error).
"""

from datetime import date, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from participants.accounts.invitations import invitation_token
from participants.models import Invitation, Role, invitation_expiry
from programmes.attendance.checkin import checkin_token
from programmes.events.links import reply_token
from programmes.models import Event, EventInvitation, EventKind
from registration.ects import register_ect
from registration.models import RegistrationUpload
from registration.tests.factories import ect_details, mentor_details

from .access_rows import ANON, EVERYONE, LOGIN, all_rows, all_samples

EXPECTED = all_rows()


def walk(patterns=None, prefix="", namespace=""):
    """Yield (full name, route, pattern) for every URL pattern, depth first."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            child_ns = namespace
            if entry.namespace:
                child_ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern), entry


def is_allauth(pattern: URLPattern) -> bool:
    return pattern.callback.__module__.startswith("allauth.")


def is_admin(route: str) -> bool:
    return route.startswith("admin/")


def portal_patterns():
    return [(name, route) for name, route, p in walk() if not is_allauth(p) and not is_admin(route)]


def test_every_portal_url_has_expectations():
    names = {name for name, _ in portal_patterns()}
    assert None not in names, "every portal URL pattern needs a name"
    assert names == set(EXPECTED), f"missing: {names - set(EXPECTED)}; stale: {set(EXPECTED) - names}"


def _claimed_induction(school, ab_staff):
    from appropriate_body.claims.claims import RecordCheck, accept_claim

    claim = register_ect(school, ect_details(), actor=ab_staff, today=date(2026, 8, 20)).period.claims.get()
    check = RecordCheck(qts_awarded_on=date(2026, 7, 1), induction_status="RequiredToComplete", has_active_prohibition=False)
    return accept_claim(claim, check, start_date=date(2026, 9, 1), actor=ab_staff, today=date(2026, 9, 1)).induction_period.induction


@pytest.fixture
def url_kwargs(cast, school_a, hub_staff, files_in_memory):
    invitation = Invitation.objects.create(
        email="walk.invitee@example.org", role=Role.ECT, invited_by=hub_staff, expires_at=invitation_expiry()
    )
    # One registered ECT with a mentor at school A, and a CSV upload there.
    registered = register_ect(
        school_a, ect_details(), actor=hub_staff, today=date(2026, 8, 20), new_mentor=mentor_details()
    ).period
    upload = RegistrationUpload.objects.create(school=school_a, uploaded_by=hub_staff, filename="ects.csv")
    # This year's AB service terms, which school A has not accepted: its agreement page shows the form.
    from appropriate_body.agreements.agreements import publish_terms
    from hubportal.lib.dates import academic_year_of

    publish_terms(academic_year_of(timezone.localdate()), provider_led_fee=150, school_led_fee=300)
    by_parameter = {
        "urn": school_a.urn,
        "ect": registered.public_id,
        "mentor": registered.mentor.public_id,
        "upload": upload.public_id,
        "step": "find",
        "claim": registered.claims.get().public_id,
        # A second ECT whose claim the AB accepted: an induction with an open period.
        "induction": _claimed_induction(school_a, cast["ab_staff"]).public_id,
    }
    # That ECT's first progress review, with one evidence file (kept in memory, not in var/media).
    from django.core.files.base import ContentFile

    from appropriate_body.models import Assessment, EvidenceFile

    review = Assessment.objects.filter(induction__public_id=by_parameter["induction"]).first()
    evidence = EvidenceFile(assessment=review, original_name="plan.pdf", size=9, content_type="application/pdf", uploaded_by=hub_staff)
    evidence.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    by_parameter.update({"assessment": review.public_id, "evidence": evidence.public_id})
    event = Event.objects.create(
        title="Walk conference", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=30, hours=2), school_booking=True,
    )
    event.facilitators.add(cast["facilitator"])
    event_invitation = EventInvitation.objects.create(event=event, email="walk.guest@example.org")
    by_parameter.update({"event": event.public_id, "invitation": event_invitation.public_id})
    from appropriate_body.models import BulkUpload

    by_parameter.update({"bulk": BulkUpload.objects.create(kind="claims", filename="claims.csv", uploaded_by=hub_staff).public_id,
                         "kind": "claims"})
    # A rendered certificate of attendance at that event, belonging to the cast's ECT.
    certificate = _walk_certificate(event, cast["ect"], hub_staff)
    by_parameter.update({"certificate": certificate.public_id, "code": certificate.code})
    # A cohort the registered ECT is enrolled in (ECTE, this year's Year 1): completion certificates.
    enrolment = registered.teacher.enrolments.select_related("cohort__programme").first()
    by_parameter.update({
        "programme": enrolment.cohort.programme.slug, "year": enrolment.cohort.academic_year,
        "stage": enrolment.cohort.stage.replace("_", "-") or "all",
    })
    # A feature's own samples: an access_rows module may define samples(context) -> {parameter: value}.
    context = {"cast": cast, "school_a": school_a, "hub_staff": hub_staff, "registered": registered, "event": event}
    for parameter, value in all_samples(context).items():
        assert parameter not in by_parameter, f"two samples for <{parameter}>"
        by_parameter[parameter] = value
    by_name = {
        "programmes:event_reply": {"token": reply_token(event_invitation)},
        "programmes:register_checkin": {"token": checkin_token(event_invitation)},
        "programmes:calendar_feed": {"token": "00000000-0000-4000-8000-000000000000"},
        "participants:invitation_resend": {"public_id": invitation.public_id},
        "participants:accept_invitation": {"token": invitation_token(invitation)},
    }
    return by_parameter, by_name


def _walk_certificate(event, owner, hub_staff):
    from django.core.files.base import ContentFile

    from programmes.certificates.certificates import new_code
    from programmes.models import Certificate

    invitation = EventInvitation.objects.create(event=event, email=owner.email, user=owner, attended_at=timezone.now())
    certificate = Certificate(
        kind=Certificate.Kind.ATTENDANCE, invitation=invitation, user=owner, email=owner.email, recipient_name="Erin Early",
        title=event.title, statement="attended", awarded_on=date(2026, 9, 1), issuer="Hub", issued_by=hub_staff,
        code=new_code(), render_state=Certificate.State.RENDERED, rendered_at=timezone.now(),
    )
    certificate.pdf.save("walk.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    certificate.save()
    return certificate


def route_to_path(route: str, kwargs: dict, defaults: dict | None = None) -> str:
    path = route
    for key, value in {**(defaults or {}), **kwargs}.items():
        for converter in ("int", "str", "uuid", "slug", "path"):
            path = path.replace(f"<{converter}:{key}>", str(value))
        path = path.replace(f"<{key}>", str(value))
    assert "<" not in path, f"no sample value for a parameter of {route}"
    return "/" + path.lstrip("^").rstrip("$")


@pytest.mark.django_db
def test_every_portal_url_answers_every_role_as_expected(as_user, cast, url_kwargs):
    by_parameter, by_name = url_kwargs
    failures = []
    for name, route in portal_patterns():
        path = route_to_path(route, by_name.get(name, {}), by_parameter)
        for role, expected in EXPECTED[name].items():
            response = as_user(cast[role]).get(path)
            if expected == LOGIN:
                ok = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(f"{name} {path} as {role}: got {response.status_code}, expected {expected}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_portal_url_refuses_a_method_it_does_not_take(as_user, cast, url_kwargs):
    # Every view names the methods it takes (require_safe, require_POST, require_http_methods): a
    # signed-in person's PATCH is refused before anything else happens (someone signed out may be
    # sent to sign in first).
    by_parameter, by_name = url_kwargs
    answers = {}
    for role in ("hub_staff", "anonymous"):
        client = as_user(cast[role])
        for name, route in portal_patterns():
            response = client.generic("PATCH", route_to_path(route, by_name.get(name, {}), by_parameter))
            signing_in = role == "anonymous" and response.status_code == 302 and response["Location"].startswith("/accounts/login/")
            if response.status_code != 405 and not signing_in:
                answers[f"{name} as {role}"] = response.status_code
    assert answers == {}


def admin_paths(url_kwargs_for_admin):
    for name, route, _ in walk():
        if not is_admin(route):
            continue
        kwargs = url_kwargs_for_admin(route)
        if kwargs is None:
            continue
        yield name, route_to_path(route, kwargs)


@pytest.mark.django_db
def test_admin_is_for_hub_staff_only(as_user, cast, school_a):
    from django.contrib.contenttypes.models import ContentType

    school_type = ContentType.objects.get_for_model(school_a)

    # One model's object pages stand for all: schools, and users (whose admin adds a password page).
    objects = {"participants/school/": school_a.pk, "participants/user/": cast["hub_staff"].pk}

    def sample(route):
        if "(?P<" in route:
            return None  # regex patterns (app index, catch-all) are walked via one app index below
        kwargs = {}
        if "<int:content_type_id>" in route:
            kwargs["content_type_id"] = school_type.pk
        for param in ("object_id", "id"):
            if f"<path:{param}>" in route or f"<{param}>" in route:
                pk = next((pk for prefix, pk in objects.items() if prefix in route), None)
                if pk is None:
                    return None
                kwargs[param] = pk
        return kwargs

    paths = list(admin_paths(sample)) + [("admin:app_list", "/admin/participants/")]
    assert len(paths) > 10
    # Hub staff answers that are not 200: logout takes POST; autocomplete needs its query parameters.
    # Certificates, evaluation emails and enrolment uploads are read-only in the admin (made through the portal's own pages).
    hub_staff_answer = {"admin:logout": 405, "admin:autocomplete": 403, "admin:programmes_certificate_add": 403,
                        "admin:programmes_evaluationnotice_add": 403, "admin:programmes_enrolmentupload_add": 403}
    failures = []
    for name, path in paths:
        for role in EVERYONE:
            response = as_user(cast[role]).get(path)
            if name == "admin:login":
                # The admin's own sign-in is replaced by the portal's, where MFA applies.
                ok = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
            elif role == "hub_staff" and name in hub_staff_answer:
                ok = response.status_code == hub_staff_answer[name]
            elif role == ANON:
                ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
            elif role == "hub_staff":
                ok = response.status_code in (200, 302)
            else:
                ok = response.status_code == 404
            if not ok:
                failures.append(f"{name} {path} as {role}: got {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_allauth_pages_never_fail(as_user, cast):
    """allauth's own views decide their answers; none may be a server error for any role."""
    failures = []
    for name, _route, pattern in walk():
        if not is_allauth(pattern):
            continue
        # Keys and ids in allauth's links are made up: the answer must still be a page, not a crash.
        params = {key: "x1" for key in pattern.pattern.regex.groupindex}
        path = reverse(name, kwargs=params)
        for role in EVERYONE:
            response = as_user(cast[role]).get(path)
            if response.status_code >= 500:
                failures.append(f"{name} {path} as {role}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_signup_is_closed(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert b"Sign up closed" in response.content or b"closed" in response.content.lower()
    response = client.post("/accounts/signup/", {"email": "walk-in@example.org", "password1": "x" * 12, "password2": "x" * 12})
    from participants.models import User

    assert not User.objects.filter(email="walk-in@example.org").exists()
