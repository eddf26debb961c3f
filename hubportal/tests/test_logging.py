"""What a management command prints is its own output: libraries' start-up chatter stays out of it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_command_that_loads_the_pdf_tools_prints_only_its_own_output():
    # pikepdf announces "C++ to Python logger bridge initialized" at INFO the first time it is imported.
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", "import programmes.certificates.pdf; print('done')"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )
    assert done.stdout.strip() == "done"
    assert "pikepdf" not in done.stderr and "logger bridge" not in done.stderr
