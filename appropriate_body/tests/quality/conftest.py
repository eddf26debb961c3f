import pytest

from participants.tests.factories import Role, user_with_role


@pytest.fixture
def second_ab(db):
    return user_with_role(Role.AB_STAFF, email="ab.two@example.org", first_name="Bea", last_name="Second")
