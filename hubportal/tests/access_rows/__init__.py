"""Expected answers for every portal URL, one module per feature.

Each module defines ROWS: {url name: answers(...)}. The access walk merges them
and fails when a URL pattern has no row, or a row names no pattern.
"""

import importlib
import pkgutil

ANON = "anonymous"
SIGNED_IN = ["hub_staff", "ab_staff", "tutor_a", "tutor_b", "headteacher_a", "ect", "mentor", "npq_participant", "itt_trainee", "facilitator", "no_role"]
EVERYONE = [ANON, *SIGNED_IN]
LOGIN = "login"  # a redirect to the sign-in page


def answers(default, **by_role):
    """Expected status for every role: `default` unless the role is named."""
    return {role: by_role.get(role, default) for role in EVERYONE}


# Pages for the people who run a school's ECTs (the URN walked is school A's, so tutor B gets 404).
SCHOOL_MANAGERS = answers(404, anonymous=LOGIN, hub_staff=200, tutor_a=200)
# Pages that also show school A's records to AB staff, read-only.
SCHOOL_READERS = answers(404, anonymous=LOGIN, hub_staff=200, ab_staff=200, tutor_a=200)


def all_rows() -> dict:
    rows: dict = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        overlap = set(rows) & set(module.ROWS)
        assert not overlap, f"{module_info.name} repeats rows: {overlap}"
        rows.update(module.ROWS)
    return rows


def all_samples(context: dict) -> dict:
    """URL parameter samples from the modules that define samples(context), for their own views."""
    samples: dict = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        if hasattr(module, "samples"):
            found = module.samples(context)
            overlap = set(samples) & set(found)
            assert not overlap, f"{module_info.name} repeats samples: {overlap}"
            samples.update(found)
    return samples
