"""The brand settings are checked at start-up: a header colour too light for white text is refused."""

from hubportal.checks import check_brand, contrast_with_white


def ids(problems):
    return [problem.id for problem in problems]


def test_the_default_brand_passes():
    assert check_brand(None) == []


def test_contrast_is_worked_out_as_wcag_does():
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#ffffff"), 1) == 1.0
    # GOV.UK's link blue on white is 5.17:1.
    assert round(contrast_with_white("#1d70b8"), 2) == 5.17


def test_a_light_primary_colour_is_refused(settings):
    settings.HUB_PRIMARY_COLOUR = "#99b0be"
    problems = check_brand(None)
    assert ids(problems) == ["hubportal.E102"]
    assert "#99b0be" in problems[0].msg and "4.5:1" in problems[0].msg


def test_a_colour_that_is_not_hex_is_refused(settings):
    settings.HUB_ACCENT_COLOUR = "gold"
    assert ids(check_brand(None)) == ["hubportal.E101"]


def test_a_missing_logo_is_reported(settings):
    settings.HUB_LOGO = "brand/no-such-logo.png"
    assert ids(check_brand(None)) == ["hubportal.W103"]
