import pytest

from programmes.certificates.rendering import render_certificates


@pytest.fixture
def queued(monkeypatch):
    """The ids each render task was queued with, instead of rendering real PDFs (the worker's side: test_certificate_rendering.py)."""
    calls: list[list[int]] = []
    monkeypatch.setattr(render_certificates, "delay", calls.append)
    return calls
