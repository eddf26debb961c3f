"""The access functions every view scopes through."""

import pytest
from django.http import Http404

from participants import access
from participants.accounts.roles import grant_role, revoke_role
from participants.models import Role

pytestmark = pytest.mark.django_db


def test_staff_see_every_school(hub_staff, ab_staff, school_a, school_b):
    for user in (hub_staff, ab_staff):
        assert set(access.schools_for(user)) == {school_a, school_b}


def test_a_tutor_sees_only_their_schools(tutor_a, school_a, school_b):
    assert list(access.schools_for(tutor_a)) == [school_a]
    assert access.get_school_for(tutor_a, school_a.urn) == school_a
    with pytest.raises(Http404):
        access.get_school_for(tutor_a, school_b.urn)


def test_participants_and_anonymous_see_no_school(ect, school_a):
    from django.contrib.auth.models import AnonymousUser

    assert not access.schools_for(ect).exists()
    assert not access.schools_for(AnonymousUser()).exists()
    with pytest.raises(Http404):
        access.get_school_for(AnonymousUser(), school_a.urn)


def test_hub_staff_role_carries_the_admin_and_goes_with_it(tutor_a):
    grant_role(tutor_a, Role.HUB_STAFF)
    tutor_a.refresh_from_db()
    assert tutor_a.is_staff and tutor_a.is_superuser
    assert access.is_hub_staff(tutor_a)
    revoke_role(tutor_a, Role.HUB_STAFF)
    tutor_a.refresh_from_db()
    assert not tutor_a.is_staff and not tutor_a.is_superuser
    assert not access.is_hub_staff(tutor_a)


def test_granting_twice_makes_one_assignment(ect):
    grant_role(ect, Role.ECT)
    grant_role(ect, Role.ECT)
    assert ect.role_assignments.filter(role=Role.ECT).count() == 1


def test_a_tutor_role_needs_a_school(ect):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        grant_role(ect, Role.INDUCTION_TUTOR)


def test_the_database_refuses_a_schoolless_tutor(ect):
    from django.db import IntegrityError

    from participants.models import RoleAssignment

    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=ect, role=Role.INDUCTION_TUTOR)


def test_granting_in_bulk_skips_what_is_held_and_makes_hub_staff_admins(ect, mentor, school_a):
    from participants.accounts.roles import grant_roles

    grant_roles([(ect, Role.ECT, None), (ect, Role.INDUCTION_TUTOR, school_a), (mentor, Role.HUB_STAFF, school_a)])
    assert ect.role_assignments.filter(role=Role.ECT).count() == 1
    assert ect.role_assignments.filter(role=Role.INDUCTION_TUTOR, school=school_a).exists()
    mentor.refresh_from_db()
    assert mentor.is_superuser and mentor.role_assignments.get(role=Role.HUB_STAFF).school is None
