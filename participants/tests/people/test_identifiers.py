"""TRN, URN and UKPRN as people and spreadsheets write them (ID-TRN-003, ID-URN-001; issue 14, item 4)."""

import pytest
from django.core.exceptions import ValidationError

from participants.people.identifiers import normalise_trn, read_ukprn, read_urn


@pytest.mark.parametrize(("typed", "trn"), [("1234567", "1234567"), ("RP12/345", "0012345"), (" 12 345 ", "0012345")])
def test_a_trn_as_typed_is_read_leniently(typed, trn):
    assert normalise_trn(typed) == trn


@pytest.mark.parametrize("typed", ["1.23E+06", "1.23457E+06", "1234567.0", "12345.00", "1,23E+06"])
def test_a_trn_a_spreadsheet_rewrote_is_never_padded_into_another(typed):
    with pytest.raises(ValidationError) as refused:
        normalise_trn(typed)
    assert refused.value.code == "spreadsheet"
    assert refused.value.messages[0].startswith(f"The TRN {typed} was changed by the spreadsheet into a number, which loses digits.")
    assert "keep the column as text" in refused.value.messages[0]


@pytest.mark.parametrize("typed", ["١٢٣٤٥٦٧", "１２３４５６７", "12345６7"])
def test_a_trn_in_other_digits_is_refused(typed):
    with pytest.raises(ValidationError, match="Write the TRN with the digits 0 to 9"):
        normalise_trn(typed)


def test_urn_and_ukprn_have_their_lengths_and_ascii_digits():
    assert (read_urn("10001"), read_urn(" 110001 "), read_ukprn("10012345")) == (10001, 110001, 10012345)
    for reader, typed, message in [
        (read_urn, "1234567", "The URN must be 5 or 6 digits"),
        (read_urn, "110001.0", "The URN 110001.0 was changed by the spreadsheet"),
        (read_urn, "١١٠٠٠١", "The URN must be a number written with the digits 0 to 9, like 100001"),
        (read_ukprn, "1.0012345E+07", "The UKPRN 1.0012345E+07 was changed by the spreadsheet"),
        (read_ukprn, "1001234", "The UKPRN must be 8 digits"),
    ]:
        with pytest.raises(ValidationError) as refused:
            reader(typed)
        assert refused.value.messages[0].startswith(message)
