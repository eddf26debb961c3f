import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from participants.accounts.roles import grant_role
from participants.models import Role, School, Teacher, User

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


class TeacherFactory(factory.django.DjangoModelFactory):
    """A teacher record with a fresh TRN; given `user`, it is that person's, with their name and address."""

    class Meta:
        model = Teacher

    trn = factory.LazyFunction(lambda: next_trn())
    user = None
    first_name = factory.LazyAttribute(lambda teacher: teacher.user.first_name if teacher.user else "Ada")
    last_name = factory.LazyAttribute(lambda teacher: teacher.user.last_name if teacher.user else f"Teacher{teacher.trn}")
    email = factory.LazyAttribute(lambda teacher: teacher.user.email if teacher.user else f"teacher{teacher.trn}@example.org")


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows for `secret` right now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


_trns = iter(range(2_000_001, 9_999_999))


def next_trn() -> str:
    return str(next(_trns))


__all__ = [
    "Role", "SchoolFactory", "UserFactory", "TeacherFactory", "user_with_role", "add_totp", "current_totp_code",
    "TEST_PASSWORD", "next_trn",
]
