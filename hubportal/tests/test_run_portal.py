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
            seen["children"] = {child.name: child.command for child in children}

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


def test_the_trs_standin_runs_beside_the_portal(run_portal):
    seen = run_portal("--trs-standin-port", "8765", DEBUG="1")

    assert seen["children"]["trs"][-3:] == ["trs_standin", "--port", "8765"]
    assert (seen["env"]["TRS_API_URL"], seen["env"]["TRS_API_KEY"]) == ("http://127.0.0.1:8765", "local-standin-key")
    assert any("TRS stand-in at http://127.0.0.1:8765" in line for line in seen["banner"])


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        (["--trs-standin-port", "0"], {"DEBUG": "1"}),
        (["--trs-standin-port", "8765"], {"DEBUG": "0"}),
        (["--trs-standin-port", "8765"], {"DEBUG": "1", "TRS_API_URL": "https://trs.example.org", "TRS_API_KEY": "k"}),
    ],
    ids=["port 0", "DEBUG off", "a real service named"],
)
def test_no_trs_standin(run_portal, argv, environ):
    seen = run_portal(*argv, **environ)

    assert "trs" not in seen["children"]
    assert seen["env"].get("TRS_API_URL", "") == environ.get("TRS_API_URL", "")
