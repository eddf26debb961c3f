"""gunicorn's settings for the portal; gunicorn reads this file when started from the project folder.

Only a proxy in front (BEHIND_PROXY) may say a request came over HTTPS. gunicorn's default trusts
X-Forwarded-Proto from 127.0.0.1, so without this anything on the machine could make plain HTTP pass
as HTTPS (no redirect, https links) although the portal was told no proxy is there.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hubportal.settings import BEHIND_PROXY  # noqa: E402 - after the project folder is importable

if BEHIND_PROXY:
    # The proxy's addresses: on this machine unless FORWARDED_ALLOW_IPS names others.
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
