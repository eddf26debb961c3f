import factory
from allauth.account.models import EmailAddress

from participants.accounts.roles import grant_role
from participants.models import Role, School, User

TEST_PASSWORD = "correct-horse-battery-staple"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["urn"]

    urn = factory.Sequence(lambda n: 100000 + n)
    name = factory.Sequence(lambda n: f"Test Primary School {n}")
    establishment_type = "Community school"
    phase = "Primary"
    local_authority = "Gloucestershire"
    district = "Stroud"
    postcode = "GL5 1AA"
    status = School.Status.OPEN


class UserFactory(factory.django.DjangoModelFactory):
    """A person who can sign in with TEST_PASSWORD and a verified email."""

    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or TEST_PASSWORD)
        if create:
            user.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def user_with_role(role: str, *, school: School | None = None, **fields) -> User:
    user = UserFactory(**fields)
    grant_role(user, role, school=school)
    return user


def add_totp(user: User) -> str:
    """Give the user a TOTP authenticator and return its secret (to compute codes in tests)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


__all__ = [
    "Role", "SchoolFactory", "UserFactory", "user_with_role", "add_totp", "current_totp_code", "TEST_PASSWORD",
    "next_trn", "ect_details", "mentor_details", "register",
]


def current_totp_code(secret: str) -> str:
    from demo.hub import totp_code

    return totp_code(secret)


_trns = iter(range(2_000_001, 9_999_999))


def next_trn() -> str:
    return str(next(_trns))


def ect_details(**overrides):
    """Answers for one ECT registration that pass every check; override what a test is about."""
    from datetime import date

    from participants.models import TrainingProgramme, WorkingPattern
    from registration.teachers import ECTDetails

    trn = overrides.pop("trn", None) or next_trn()
    values = {
        "trn": trn,
        "first_name": "Ada",
        "last_name": f"Teacher{trn}",
        "email": f"ect{trn}@example.org",
        "started_on": date(2026, 9, 1),
        "working_pattern": WorkingPattern.FULL_TIME,
        "training_programme": TrainingProgramme.SCHOOL_LED,
    }
    values.update(overrides)
    return ECTDetails(**values)


def mentor_details(**overrides):
    from registration.teachers import MentorDetails

    trn = overrides.pop("trn", None) or next_trn()
    values = {"trn": trn, "first_name": "Grace", "last_name": f"Mentor{trn}", "email": f"mentor{trn}@example.org"}
    values.update(overrides)
    return MentorDetails(**values)


def register(school: School, actor: User, *, today=None, **overrides):
    """Register an ECT through the real domain function and return their period."""
    from datetime import date

    from registration.ects import register_ect

    return register_ect(school, ect_details(**overrides), actor=actor, today=today or date(2026, 8, 20)).period
