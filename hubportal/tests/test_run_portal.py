"""`make run PORT=8101`: the links the portal writes (emails, the certificate's address and QR code) follow
the address it serves on, unless SITE_URL says otherwise."""

import importlib.util
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "run_portal.py"


@pytest.fixture
def run_portal(monkeypatch, tmp_path):
    """scripts/run_portal.py's main() with its processes replaced: what each would have been given."""
    spec = importlib.util.spec_from_file_location("run_portal_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    seen = {}

    def manage(*args, capture=False):
        # seed_demo renders certificates (their address and QR code) in this environment.
        seen.setdefault("manage", []).append((args, module.os.environ.get("SITE_URL")))
        return subprocess.CompletedProcess(args, 0, stdout="", stderr="")

    class Supervisor:
        def __init__(self, children, ready_url, banner):
            seen["banner"] = banner

        def run(self, env):
            seen["env"] = env
            return 0

    monkeypatch.setattr(module, "manage", manage)
    monkeypatch.setattr(module, "Supervisor", Supervisor)
    monkeypatch.setattr(module.os, "environ", {"HUBPORTAL_VAR_DIR": str(tmp_path)})
    monkeypatch.chdir(tmp_path)

    def run(*argv, **environ):
        module.os.environ.update(environ)
        monkeypatch.setattr(module.sys, "argv", ["run_portal.py", *argv])
        assert module.main() == 0
        return seen

    return run


def test_site_url_follows_the_port(run_portal):
    seen = run_portal("--port", "8101")
    assert seen["env"]["SITE_URL"] == "http://127.0.0.1:8101"
    assert all(site_url == "http://127.0.0.1:8101" for _, site_url in seen["manage"])
    assert "Hub Portal is running at http://127.0.0.1:8101/" in seen["banner"]


def test_site_url_follows_the_host(run_portal):
    assert run_portal("--host", "localhost", "--port", "8080")["env"]["SITE_URL"] == "http://localhost:8080"


def test_an_explicit_site_url_wins(run_portal):
    seen = run_portal("--port", "8101", SITE_URL="https://demo.example.org")
    assert seen["env"]["SITE_URL"] == "https://demo.example.org"
