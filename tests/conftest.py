"""Fixtures of the cross-app browser tests: one Chromium per test session, and a demo site (the
seeded small demo served by gunicorn from a throwaway SQLite database, as `make run` serves it, with
DEBUG off) shared by every test that only reads pages."""

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


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session (each test opens its own contexts)."""
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


@pytest.fixture(scope="session")
def demo_site():
    """Base URL of the small demo (`seed_demo`, every demo role) behind gunicorn with DEBUG off and
    static files from whitenoise — what a newcomer's `make run` shows. Its own database, so the
    test database is untouched; stopped at the end of the session."""
    _require_chromium()
    work = Path(tempfile.mkdtemp(prefix="salesops-demo-site-"))
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SALESOPS_SERVICES", "DJANGO_SETTINGS_MODULE"}}
    env.update(DJANGO_SETTINGS_MODULE="salesops.settings.local", DEBUG="false",
               DATABASE_URL=f"sqlite:///{work}/demo.sqlite3", MEDIA_ROOT=str(work / "media"), LOG_LEVEL="WARNING")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    log = open(work / "server.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "salesops.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "4", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"the demo server stopped: {(work / 'server.log').read_text()}") from None
                time.sleep(0.25)
        else:
            raise RuntimeError("the demo server did not answer")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


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
