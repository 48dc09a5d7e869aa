"""Fixtures of the cross-app browser tests: one Chromium per test session, and the demo site (the
seeded small demo served by gunicorn from a throwaway SQLite database, as `make run` serves it, with
DEBUG off): one shared by the tests that only read pages, a fresh copy for each test that writes."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "artifacts"
DEMO_PASSWORD = "salesops-demo"

#: CI sets SALESOPS_BROWSER=1: there a missing chromium fails the browser tests instead of skipping them.
BROWSER_REQUIRED = os.environ.get("SALESOPS_BROWSER") == "1"
NO_CHROMIUM = "Debian's chromium is not installed (apt-get install chromium)"
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM) and not BROWSER_REQUIRED, reason=NO_CHROMIUM)


def _require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        if BROWSER_REQUIRED:
            pytest.fail(f"{NO_CHROMIUM}; SALESOPS_BROWSER=1 says the browser tests must run")
        pytest.skip(NO_CHROMIUM)


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module (each test opens its own contexts). Not per session:
    Playwright's sync API keeps an event loop running in this thread while it is open, and another
    module's own `sync_playwright()` (incentives, targets, teams) would refuse to start beside it."""
    _require_chromium()
    from playwright import sync_api as playwright_sync

    # Playwright's event loop runs in the test thread; Django's ORM would refuse to run beside it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DemoSite:
    """The small demo (`seed_demo`, every demo role) behind gunicorn with DEBUG off and static files
    from whitenoise — what a newcomer's `make run` shows — on a SQLite database of its own (the test
    database is untouched, and no earlier test's flush has removed the data migrations' rows)."""

    def __init__(self, work: Path, database: Path):
        self.work, self.database = work, database
        self.env = {key: value for key, value in os.environ.items()
                    if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SALESOPS_SERVICES",
                                   "DJANGO_SETTINGS_MODULE"}}
        self.env.update(DJANGO_SETTINGS_MODULE="salesops.settings.local", DEBUG="false",
                        DATABASE_URL=f"sqlite:///{database}", MEDIA_ROOT=str(work / "media"), LOG_LEVEL="WARNING")
        self.base, self._server, self._log = "", None, None

    def manage(self, *args: str, **options) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=self.env,
                              check=True, **options)

    def start(self) -> "DemoSite":
        port = _free_port()
        self._log = open(self.work / "server.log", "w")
        self._server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "salesops.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--threads", "4", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=2)
                return self
            except OSError:
                if self._server.poll() is not None:
                    raise RuntimeError(f"the demo server stopped: {(self.work / 'server.log').read_text()}") from None
                time.sleep(0.25)
        raise RuntimeError("the demo server did not answer")

    def stop(self) -> None:
        if self._server is not None:
            self._server.terminate()
            self._server.wait(timeout=10)
            self._log.close()
            self._server = None

    def copy(self) -> "DemoSite":
        """Another site on a copy of this one's database (for a test that writes)."""
        work = Path(tempfile.mkdtemp(prefix="salesops-demo-site-"))
        shutil.copyfile(self.database, work / "demo.sqlite3")
        return DemoSite(work, work / "demo.sqlite3")


@pytest.fixture(scope="session")
def seeded_demo():
    """The migrated and seeded demo database, built once per session (not served)."""
    _require_chromium()
    work = Path(tempfile.mkdtemp(prefix="salesops-demo-"))
    demo = DemoSite(work, work / "demo.sqlite3")
    demo.manage("migrate", "--noinput", "-v0")
    demo.manage("seed_demo", stdout=subprocess.DEVNULL)
    yield demo
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_site(seeded_demo):
    """Base URL of the demo for tests that only read pages; one server for the session."""
    site = seeded_demo.copy().start()
    yield site.base
    site.stop()
    shutil.rmtree(site.work, ignore_errors=True)


@pytest.fixture
def writable_demo_site(seeded_demo):
    """A demo site of the test's own (a fresh copy of the seeded database), for tests that write."""
    site = seeded_demo.copy().start()
    yield site
    site.stop()
    shutil.rmtree(site.work, ignore_errors=True)


def sign_in(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shot(page, name: str, *, full_page: bool = True) -> Path:
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path
