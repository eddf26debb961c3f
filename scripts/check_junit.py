#!/usr/bin/env python3
"""CI's second guard: read pytest's JUnit XML and fail if no test ran or, under CI=true, any test skipped.

    python3 scripts/check_junit.py var/ci-junit.xml

conftest.py already turns a skipped service test (postgres, redis, worker, browser) into a failure
while CI=true; this catches the rest (a skip in a fixture, a marker left off, a whole module skipped)
because in CI every service is there, so nothing has a reason to skip. An expected failure (xfail)
ran and is not counted as a skip. Standard library only.
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        print(f"junit: cannot read {path}: {exc}", file=sys.stderr)
        return 1

    passed = failed = 0
    skipped: list[tuple[str, str]] = []
    xfailed = 0
    for case in root.iter("testcase"):
        nodeid = f"{case.get('classname', '')}::{case.get('name', '')}"
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            continue
        skip = case.find("skipped")
        if skip is None:
            passed += 1
        elif skip.get("type") == "pytest.xfail":
            xfailed += 1
        else:
            skipped.append((nodeid, skip.get("message", "")))

    in_ci = os.environ.get("CI", "").lower() == "true"
    status = 0
    if passed + failed + xfailed == 0:
        print("junit: no test ran", file=sys.stderr)
        status = 1
    if skipped:
        print(f"junit: {len(skipped)} test(s) skipped:", file=sys.stderr)
        for nodeid, message in skipped:
            print(f"  SKIPPED {nodeid}: {message}", file=sys.stderr)
        if in_ci:
            print("junit: CI=true has every service, so no test may skip", file=sys.stderr)
            status = 1
    if xfailed:
        print(f"junit: {xfailed} expected failure(s)")
    sys.stderr.flush()
    print(f"junit: {passed} passed, {failed} failed, {len(skipped)} skipped", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "var/ci-junit.xml"))
