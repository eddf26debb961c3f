#!/usr/bin/env python3
"""Run the portal for a demo or for development: web server and Celery worker (with beat) together.

`make run` calls this. It prepares the database (migrate, then `seed_demo --if-empty`), starts

    web     manage.py runserver HOST:PORT
    worker  celery -A hubportal worker -B   (beat embedded: one process on one machine)
    trs     manage.py trs_standin --port N  (with --trs-standin-port N, unless TRS_API_URL names a service)

prefixes each line they print with its name, and prints the URL, the demo logins and where sent
email goes once both are up. Ctrl-C or SIGTERM stops both; if either dies, the other is stopped and
this script exits with the dead one's code. Standard library only: it runs before anything else.

The database, broker and email backend are whatever the environment names (see README.md): with
none named, SQLite in var/, kombu's filesystem broker in var/celery-broker/, and email files in var/mail/.
"""

from __future__ import annotations

import argparse
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_GRACE_SECONDS = 15
# The key the portal and the TRS stand-in share on this machine; nothing real accepts it.
STANDIN_KEY = "local-standin-key"
READY_TIMEOUT_SECONDS = 120
README_LOGINS = "README.md (section 'Demo logins')"


def var_dir() -> Path:
    # Mirrors settings.VAR_DIR: relative paths are taken from the project folder, as manage.py runs there.
    return (BASE_DIR / os.environ.get("HUBPORTAL_VAR_DIR", "var")).resolve()


def make_var_dirs() -> None:
    var = var_dir()
    # kombu's filesystem transport fails on a missing folder rather than creating it.
    for sub in ("mail", "media", "staticfiles", "celery-broker", "celery-broker/processed", "celery-broker/control"):
        (var / sub).mkdir(parents=True, exist_ok=True)


def say(message: str) -> None:
    print(f"[run] {message}", flush=True)


def manage(*args: str, capture: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", *args]
    say("$ " + " ".join(["manage.py", *args]))
    result = subprocess.run(command, cwd=BASE_DIR, text=True, capture_output=capture)
    if capture:
        for line in (result.stdout + result.stderr).splitlines():
            print(f"seed   | {line}", flush=True)
    if result.returncode != 0:
        say(f"manage.py {args[0]} failed with exit code {result.returncode}")
        sys.exit(result.returncode)
    return result


def login_lines(seed_output: str) -> list[str]:
    """The demo logins from seed_demo's report: the block under 'Demo logins:', else lines naming an address."""
    lines = [line.rstrip() for line in seed_output.splitlines()]
    for index, line in enumerate(lines):
        if line.strip().lower().startswith("demo logins"):
            block = []
            for following in lines[index + 1 :]:
                if not following.strip():
                    break
                block.append(following)
            if block:
                return block
    return [line for line in lines if "@" in line]


class Child:
    def __init__(self, name: str, command: list[str], *, group_signal: bool):
        self.name = name
        self.command = command
        # runserver's autoreloader runs the server in a child of its own: signal the whole group.
        self.group_signal = group_signal
        self.process: subprocess.Popen | None = None
        self.buffer = b""

    def start(self, env: dict[str, str]) -> None:
        say(f"starting {self.name}: {' '.join(self.command)}")
        # A session of its own, so a Ctrl-C in the terminal reaches only this script, which then
        # stops each child exactly once (a second SIGINT would make Celery cold-stop its tasks).
        self.process = subprocess.Popen(
            self.command,
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def signal(self, signum: int) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            if self.group_signal:
                os.killpg(self.process.pid, signum)
            else:
                self.process.send_signal(signum)
        except ProcessLookupError:
            pass

    def kill_group(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Supervisor:
    def __init__(self, children: list[Child], ready_url: str, banner: list[str]):
        self.children = children
        self.ready_url = ready_url
        self.banner = banner
        self.selector = selectors.DefaultSelector()
        self.stopping = False
        self.stop_reason = ""
        self.web_ready = False
        self.worker_ready = False
        self.banner_shown = False
        self.started_at = time.monotonic()

    def request_stop(self, signum, frame) -> None:
        if not self.stopping:
            self.stopping = True
            self.stop_reason = f"received {signal.Signals(signum).name}"

    def run(self, env: dict[str, str]) -> int:
        signal.signal(signal.SIGINT, self.request_stop)
        signal.signal(signal.SIGTERM, self.request_stop)
        for child in self.children:
            child.start(env)
            assert child.process is not None and child.process.stdout is not None
            os.set_blocking(child.process.stdout.fileno(), False)
            self.selector.register(child.process.stdout, selectors.EVENT_READ, child)

        exit_code = 0
        next_probe = 0.0
        parent = os.getppid()
        while not self.stopping:
            self.pump(timeout=0.25)
            if os.getppid() != parent:
                # make does not pass a SIGTERM on to its recipe: when it is killed, stop with it.
                self.stopping = True
                self.stop_reason = "the parent process went away"
                break
            for child in self.children:
                code = child.process.poll()
                if code is not None:
                    self.stopping = True
                    self.stop_reason = f"{child.name} exited with code {code}"
                    # As a shell reports it: 128 + N for a child ended by signal N.
                    exit_code = 128 - code if code < 0 else (code or 1)
                    break
            if not self.banner_shown and time.monotonic() >= next_probe:
                next_probe = time.monotonic() + 0.5
                self.check_ready()

        names = " and ".join(child.name for child in self.children if child.process.poll() is None)
        say(f"{self.stop_reason}: stopping {names or 'nothing left'}")
        self.stop_all()
        say("stopped")
        return exit_code

    def pump(self, timeout: float) -> None:
        for key, _ in self.selector.select(timeout):
            child: Child = key.data
            try:
                data = os.read(key.fileobj.fileno(), 65536)
            except BlockingIOError:
                continue
            if not data:
                self.selector.unregister(key.fileobj)
                if child.buffer:
                    self.emit(child, child.buffer)
                    child.buffer = b""
                continue
            child.buffer += data
            *lines, child.buffer = child.buffer.split(b"\n")
            for line in lines:
                self.emit(child, line)

    def emit(self, child: Child, raw: bytes) -> None:
        line = raw.decode("utf-8", errors="replace").rstrip("\r")
        if child.name == "worker" and " ready." in line:
            self.worker_ready = True
        print(f"{child.name:<6} | {line}", flush=True)

    def check_ready(self) -> None:
        if not self.web_ready:
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as response:
                    self.web_ready = response.status == 200
            except (urllib.error.URLError, OSError):
                pass
        waited = time.monotonic() - self.started_at
        if (self.web_ready and self.worker_ready) or waited > READY_TIMEOUT_SECONDS:
            self.banner_shown = True
            lines = list(self.banner)
            if not self.worker_ready:
                lines.append(f"Warning: the worker has not said it is ready after {int(waited)} s; see its lines above.")
            if not self.web_ready:
                lines.append(f"Warning: {self.ready_url} does not answer yet; see the web lines above.")
            width = max(len(line) for line in lines) + 4
            print("\n" + "=" * width, flush=True)
            for line in lines:
                print(f"  {line}", flush=True)
            print("=" * width + "\n", flush=True)

    def stop_all(self) -> None:
        for child in self.children:
            child.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while time.monotonic() < deadline and any(c.process.poll() is None for c in self.children):
            self.pump(timeout=0.2)
        for child in self.children:
            if child.process.poll() is None:
                say(f"{child.name} did not stop within {STOP_GRACE_SECONDS} s: killing it")
            # Also reaps anything a child left behind in its group (runserver's inner process).
            child.kill_group()
            child.process.wait()
        self.pump(timeout=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument("--no-seed", action="store_true", help="skip `seed_demo --if-empty`")
    parser.add_argument("--no-migrate", action="store_true", help="skip `migrate`")
    parser.add_argument("--trs-standin-port", type=int, default=0,
                        help="run the Teaching Record System stand-in on this port and point the portal at it (0: not)")
    args = parser.parse_args()

    os.chdir(BASE_DIR)
    make_var_dirs()
    # The children's lines reach the terminal as they are printed, not when a buffer fills.
    os.environ["PYTHONUNBUFFERED"] = "1"
    # Listening on every address: this machine still reaches it (and is allowed) as 127.0.0.1.
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "[::]") else args.host
    url = f"http://{shown_host}:{args.port}/"
    # Links in emails, and a certificate's printed address and QR code, name the address served here
    # (seed_demo's certificates included), unless SITE_URL says where the portal is reached instead.
    os.environ.setdefault("SITE_URL", url.rstrip("/"))

    trs_line, standin = trs_setup(args.trs_standin_port)

    if not args.no_migrate:
        manage("migrate", "--noinput")

    logins: list[str] = []
    if args.no_seed:
        logins.append(f"Demo data was not seeded (SEED=0). The demo logins are listed in {README_LOGINS}.")
    else:
        result = manage("seed_demo", "--if-empty", capture=True)
        found = login_lines(result.stdout)
        if found:
            logins += ["Demo logins:", *found]
        else:
            logins.append(f"The database already had data, so it was not seeded. The demo logins are listed in {README_LOGINS}.")

    if os.environ.get("EMAIL_HOST"):
        mail = f"Sent email goes out through the SMTP server {os.environ['EMAIL_HOST']}."
    else:
        mail_dir = Path(os.environ.get("EMAIL_FILE_PATH", var_dir() / "mail"))
        try:
            mail_dir = mail_dir.resolve().relative_to(BASE_DIR)
        except ValueError:
            pass
        mail = f"Sent email is written to files in {mail_dir}/ (one file per batch sent)."
    banner = [
        f"Hub Portal is running at {url}",
        *logins,
        "Hub and AB staff also need a TOTP code: .venv/bin/python manage.py demo_totp prints the current ones.",
        mail,
        trs_line,
        "Press Ctrl-C to stop the web server, the worker and the TRS stand-in." if standin else "Press Ctrl-C to stop the web server and the worker.",
    ]

    children = [
        Child("web", [sys.executable, "manage.py", "runserver", f"{args.host}:{args.port}"], group_signal=True),
        Child("worker", [sys.executable, "-m", "celery", "-A", "hubportal", "worker", "-B", "-l", "info"], group_signal=False),
    ]
    if standin:
        children.append(Child("trs", [sys.executable, "manage.py", "trs_standin", "--port", str(args.trs_standin_port)], group_signal=False))
    return Supervisor(children, ready_url=f"{url}healthz", banner=banner).run(dict(os.environ))


def trs_setup(port: int) -> tuple[str, bool]:
    """Where teacher records come from, for the banner, and whether the stand-in runs.

    A TRS_API_URL in the environment wins: the portal then asks that service and no stand-in starts.
    The stand-in refuses to run without DEBUG (its records are made up), so neither does it then.
    """
    if os.environ.get("TRS_API_URL", "").strip():
        return f"Teacher records come from the Teaching Record System at {os.environ['TRS_API_URL']}.", False
    if not port:
        return "Teacher records are not checked: no TRS_API_URL, and the TRS stand-in is off.", False
    if os.environ.get("DEBUG", "").strip().lower() not in ("1", "true", "yes", "on"):
        return "Teacher records are not checked: the TRS stand-in runs only with DEBUG on.", False
    os.environ["TRS_API_URL"] = f"http://127.0.0.1:{port}"
    os.environ.setdefault("TRS_API_KEY", STANDIN_KEY)
    return (f"Teacher records come from the TRS stand-in at {os.environ['TRS_API_URL']}: "
            "TRNs 6900001 to 6900013 wait to be registered (their dates of birth are in the trs lines above)."), True


if __name__ == "__main__":
    sys.exit(main())
