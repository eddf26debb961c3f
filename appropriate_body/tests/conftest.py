import pytest


@pytest.fixture
def ab_client(client, ab_staff):
    """The test client, signed in as the cast's AB staff member."""
    client.force_login(ab_staff)
    return client
