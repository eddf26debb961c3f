"""gunicorn, as README's production section starts it, trusts X-Forwarded-Proto only behind a proxy."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def gunicorn_config(**env: str) -> dict[str, str]:
    """gunicorn's resolved settings, as it would run from the project folder with this environment."""
    environ = {k: v for k, v in os.environ.items() if k not in ("BEHIND_PROXY", "FORWARDED_ALLOW_IPS")}
    environ.update({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portal.example.org", **env})
    result = subprocess.run(
        [str(GUNICORN), "--print-config", "hubportal.wsgi"], cwd=BASE_DIR, env=environ,
        capture_output=True, text=True, timeout=60, check=True,
    )
    return dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.M))


@pytest.mark.parametrize("behind_proxy", [None, "0", "off"])
def test_without_a_proxy_no_forwarded_header_is_trusted(behind_proxy):
    config = gunicorn_config(**({"BEHIND_PROXY": behind_proxy} if behind_proxy is not None else {}))
    assert config["forwarded_allow_ips"] == "[]"
    # Not even from this machine: X-Forwarded-Proto from localhost would make plain HTTP pass as HTTPS.
    assert config["secure_scheme_headers"] == "{}"


def test_behind_a_proxy_its_address_is_trusted():
    assert gunicorn_config(BEHIND_PROXY="1")["forwarded_allow_ips"] == "['127.0.0.1', '::1']"
    config = gunicorn_config(BEHIND_PROXY="1", FORWARDED_ALLOW_IPS="10.0.0.5")
    assert config["forwarded_allow_ips"] == "['10.0.0.5']"
    assert "X-FORWARDED-PROTO" in config["secure_scheme_headers"]
