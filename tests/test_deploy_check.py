"""Production settings: `check --deploy` is clean, and a mis-configured environment fails loudly.

Each case starts a fresh `manage.py` process, because settings are read from the
environment once, at import.
"""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# 64 characters, many distinct, no "django-insecure-" prefix: what Django's security.W009 asks for.
STRONG_SECRET_KEY = "q7Vt!x2Lp#9mZr$4Nw8bK@e3Hs6Jd^0Yc5Gu*1Af+Ti-Ro=Ek_Wl%Mn&Pz~Ux(Sv)"
# Settings an operator may have set in this shell that would change what is being checked.
_CLEARED = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "BEHIND_PROXY",
    "EMAIL_CHANNEL", "NOTIFY_API_KEY", "NOTIFY_TEMPLATE_ID",
)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items() if key not in _CLEARED}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY=STRONG_SECRET_KEY, ALLOWED_HOSTS="portal.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr


def test_production_without_secret_key_refuses_to_start():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="portal.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = manage("check", DEBUG="0", SECRET_KEY=STRONG_SECRET_KEY)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_mistyped_boolean_fails_loudly():
    result = manage("check", DEBUG="maybe", SECRET_KEY=STRONG_SECRET_KEY, ALLOWED_HOSTS="portal.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG" in result.stderr and "'maybe'" in result.stderr


def test_notify_without_its_key_or_template_refuses_to_start():
    result = manage("check", DEBUG="1", EMAIL_CHANNEL="notify", NOTIFY_TEMPLATE_ID="f33517ff-2a88-4f6e-b855-c550268ce08a")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "NOTIFY_API_KEY" in result.stderr


def test_an_unknown_email_channel_fails_loudly():
    result = manage("check", DEBUG="1", EMAIL_CHANNEL="pigeon")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "'pigeon'" in result.stderr


def test_notify_with_its_key_and_template_is_the_email_backend():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        DEBUG="1", EMAIL_CHANNEL="notify", NOTIFY_API_KEY="portal-" + "0" * 36 + "-" + "1" * 36,
        NOTIFY_TEMPLATE_ID="f33517ff-2a88-4f6e-b855-c550268ce08a",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "hubportal.lib.notify.NotifyEmailBackend"
