"""What every test of a stored state shares: hypothesis runs of random steps through the domain functions, checked
against a fresh reading after each, and the nightly check's warning when a row was changed behind their backs."""

import logging
from collections.abc import Callable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, Phase, event, settings

from hubportal.lib.stored_state import StoredState, check_stored_state

# Derandomized, so a run in CI draws what it drew here; the explicit examples of each test run first. Every
# example starts from the test's cast (a function-scoped fixture, rolled back by run_steps).
RANDOM_RUNS = settings(deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def run_steps(steps: Sequence[tuple[str, int]], *, apply: Callable[[int, str, int], None], check: Callable[[], None],
              summary: Callable[[], str]) -> None:
    """Each (step, n) applied in turn (apply gets its position too), the stored state checked before the first and
    after every one. A step the domain refuses is counted, not failed: refusing it is part of what is tested."""
    with transaction.atomic():
        check()
        for index, (step, n) in enumerate(steps):
            try:
                apply(index, step, n)
            except ValidationError:
                event(f"{step} refused")
            check()
        event(summary())
        transaction.set_rollback(True)


def assert_check_corrects(state: StoredState, drifted_ids: list[int], caplog) -> None:
    """The nightly check returns the drifted rows, names them in one warning and leaves nothing drifted."""
    with caplog.at_level(logging.WARNING, logger="hubportal.lib.stored_state"):
        assert check_stored_state(state) == sorted(drifted_ids)
    [record] = [r for r in caplog.records if r.name == "hubportal.lib.stored_state"]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (f"Stored {state.name} had drifted on {len(drifted_ids)} {state.rows}, now corrected; "
                                   f"the first: {sorted(drifted_ids)}")
    assert not state.drifted().exists()
