"""Browser tests: the real process tree (mcsup) on a temporary data directory and port, driven
in headless Chromium by Playwright.

Every browser context gets its own client address (X-Forwarded-For from a trusted proxy), so the
login rate limit (5 per minute per address, which cannot be switched off) applies per test the
way it applies per user in real life. Screenshots go to .build/browser-artifacts/.
"""

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("MC_BIN_DIR", ROOT / ".build" / "debug"))
ARTIFACTS = Path(os.environ.get("MC_BROWSER_ARTIFACTS", ROOT / ".build" / "browser-artifacts"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium")
ADMIN_PASSWORD = "browser-admin-password"
API_KEY = "browser-test-key"
_addresses = itertools.count(1)


def next_address():
    """A fresh client address for one browser context or API client."""
    n = next(_addresses)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The running tree and a small REST client for arranging test data."""

    def __init__(self, base_url, data_dir, process):
        self.base_url = base_url
        self.data_dir = data_dir
        self.process = process
        # The global key the helpers sign with; a test that rotates it sets the new one here.
        self.api_key = API_KEY

    def request(self, method, path, body=None, headers=None, address=None):
        """Calls the API with the global key; returns (status, parsed JSON or text)."""
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"x-api-key": self.api_key, "Content-Type": "application/json",
                       "X-Forwarded-For": address or next_address()}
        all_headers.update(headers or {})
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                text = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            status = error.code
        try:
            return status, json.loads(text) if text else None
        except ValueError:
            return status, text

    def ok(self, method, path, body=None, **kwargs):
        status, data = self.request(method, path, body, **kwargs)
        assert 200 <= status < 300, f"{method} {path} -> {status} {data}"
        return data

    def session_cookie(self, username, password):
        """Signs in through the API and returns the session cookie value."""
        req = urllib.request.Request(
            self.base_url + "/api/auth/login", method="POST",
            data=json.dumps({"username": username, "password": password}).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": next_address()})
        with urllib.request.urlopen(req, timeout=10) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() in ("mc-session", "__Host-mc-session"):
                    return name.strip(), rest.split(";", 1)[0]
        raise AssertionError("login set no session cookie")


@pytest.fixture(scope="session")
def server():
    data_dir = tempfile.mkdtemp(prefix="mc-browser-")
    port = free_port()
    # The sessions worker scans a transcript folder of the test's own, never the machine's ~/.claude.
    claude_home = Path(data_dir) / "claude"
    (claude_home / "projects").mkdir(parents=True)
    env = dict(os.environ, MC_DATA_DIR=data_dir, MC_PORT=str(port), AUTH_USER="admin", AUTH_PASS=ADMIN_PASSWORD,
               MC_CLAUDE_HOME=str(claude_home), CLAUDE_CONFIG_DIR="", HOME=data_dir,
               API_KEY=API_KEY, MC_TRUSTED_PROXIES="127.0.0.1", MC_LOG_LEVEL="warning")
    log = open(Path(data_dir) / "tree.log", "w")
    process = subprocess.Popen([str(BIN / "mcsup"), "run"], env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base_url + "/api/status?action=health", timeout=2) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.close()
            raise RuntimeError("the tree did not start:\n" + (Path(data_dir) / "tree.log").read_text()[-4000:])
        time.sleep(0.1)
    yield Server(base_url, data_dir, process)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def users(server):
    """A viewer and an operator (the admin comes from AUTH_PASS); name -> password."""
    accounts = {"admin": ADMIN_PASSWORD}
    for role in ("viewer", "operator"):
        password = f"{role}-password-123"
        server.ok("POST", "/api/auth/users", {"username": role, "password": password, "role": role})
        accounts[role] = password
    return accounts


class Pages:
    """Opens pages in fresh browser contexts, signed in or not, and records console errors."""

    def __init__(self, server, browser, users, request):
        self.server = server
        self.browser = browser
        self.users = users
        self.test_name = request.node.name
        self.contexts = []
        self.console_errors = []

    def new(self, role=None, path="/"):
        context = self.browser.new_context(
            base_url=self.server.base_url, viewport={"width": 1280, "height": 720},
            extra_http_headers={"X-Forwarded-For": next_address()})
        if role:
            name, value = self.server.session_cookie(role, self.users[role])
            context.add_cookies([{"name": name, "value": value, "url": self.server.base_url}])
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.goto(path)
        return page

    def screenshot(self, page, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(server, browser, users, request):
    helper = Pages(server, browser, users, request)
    yield helper
    helper.close()
