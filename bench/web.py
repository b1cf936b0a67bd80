"""The web door under load: a logged-in customer's "My letters" (20 letters) against a bare
Flask hello-world, both under gunicorn with 2 sync workers, the same wrk load, the same run.

    .venv/bin/python bench/web.py [--seconds 5] [--connections 8]

Needs wrk (apt-get install wrk). Last line: `web_ratio: X` (our req/s / hello-world req/s).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import login  # the same steps a browser takes, through the test client
from harness import ROOT, postgres_database

from letters_app.config import Config
from letters_app.domain import accounts
from letters_app.domain.models import Role
from letters_app.web import create_app

PASSWORD = "bench password 1"
# Flask-Login's strong session protection ties the session to the client's address and
# User-Agent: the login and the load must look like the same browser.
USER_AGENT = "letters-bench/1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def customer_cookie(env: dict[str, str], letters: int) -> str:
    """Seed a customer with `letters` letters and log in as a browser would; the cookie."""
    from letters_app.demo import seed_letters_awaiting_approval

    app = create_app(Config.from_env(env))
    services = app.extensions["letters"]
    with services.db.session() as session:
        customer = accounts.create_user(session, email="web@example.com", name="Web Bench",
                                        password=PASSWORD, role=Role.CUSTOMER)
        seed_letters_awaiting_approval(session, customer, letters)
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    assert login(client, "web@example.com", PASSWORD).status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None
    services.db.dispose()
    return f"session={cookie.value}"


def serve(target: str, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "-k", "sync",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1)
            return server
        except urllib.error.HTTPError:
            return server  # it answers (the hello app has no /login)
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"{target} did not start") from None
            time.sleep(0.2)


def requests_per_second(url: str, cookie: str | None, seconds: int, connections: int) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H",
               f"User-Agent: {USER_AGENT}", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in out:
        raise RuntimeError(f"{url} answered with errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def check_page(url: str, cookie: str, letters: int) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie, "User-Agent": USER_AGENT})
    html = urllib.request.urlopen(request, timeout=5).read().decode()
    shown = html.count('href="/letters/') - html.count('href="/letters/new')
    if shown < letters:
        raise RuntimeError(f"My letters shows {shown} letters, not {letters}: not logged in?")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--letters", type=int, default=20)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="letters-web-bench-"))
    with postgres_database() as url:
        env = {"INSTANCE_DIR": str(tmp / "instance"), "DATABASE_URL": url,
               "SECRET_KEY": "bench", "LOGIN_RATE_LIMIT": "1000 per minute"}
        cookie = customer_cookie(env, args.letters)
        results = {}
        for name, target, path in (("letters", "letters_app.web:create_app()", "/letters"),
                                   ("hello", "bench.hello_app:app", "/")):
            port = free_port()
            server = serve(target, env, port)
            try:
                page = f"http://127.0.0.1:{port}{path}"
                if name == "letters":
                    check_page(page, cookie, args.letters)
                requests_per_second(page, cookie, 1, args.connections)  # warm up
                results[name] = requests_per_second(page, cookie, args.seconds, args.connections)
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            print(f"{name:<8} {results[name]:8.0f} req/s")
    print(f"web_ratio: {results['letters'] / results['hello']:.2f}")


if __name__ == "__main__":
    main()
