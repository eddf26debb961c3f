import pytest

from programmes.certificates.rendering import render_certificates


class QueuedChunks(list):
    """The id lists render tasks were queued with, one list per task."""

    def ids(self) -> list[int]:
        return sorted(pk for chunk in self for pk in chunk)


@pytest.fixture
def queued(monkeypatch):
    """The ids each render task was queued with, instead of rendering real PDFs (the worker's side: test_certificate_rendering.py)."""
    calls = QueuedChunks()
    monkeypatch.setattr(render_certificates, "delay", calls.append)
    return calls
