import pytest


@pytest.fixture
def queued(monkeypatch):
    """The ids each render task was queued with, instead of rendering real PDFs (the worker's side: test_certificate_rendering.py)."""
    from programmes import tasks

    calls: list[list[int]] = []
    monkeypatch.setattr(tasks.render_certificates, "delay", calls.append)
    return calls
