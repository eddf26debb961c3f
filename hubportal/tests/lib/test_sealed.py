import pytest
from cryptography.fernet import Fernet

from hubportal.lib.sealed import InvalidToken, seal, unseal


def test_sealed_text_round_trips_and_is_not_readable():
    token = seal("1998-03-27")
    assert "1998" not in token
    assert unseal(token) == "1998-03-27"


def test_the_key_is_derived_from_secret_key_unless_one_is_given(settings):
    token = seal("1998-03-27")
    settings.SECRET_KEY = "another secret key altogether"
    with pytest.raises(InvalidToken):
        unseal(token)
    settings.PERSONAL_DATA_KEY = Fernet.generate_key().decode()
    given = seal("1998-03-27")
    settings.SECRET_KEY = "yet another"
    assert unseal(given) == "1998-03-27"
