"""Browser test fixtures: a real server on a free localhost port and Debian's Chromium driven by
Playwright. Skipped, saying why, when /usr/bin/chromium is missing (``make test`` installs it)."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store_records import sample_records  # noqa: E402

CHROMIUM = os.environ.get("JOBSIEVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path):
    """Serve the store in ``db`` on a free localhost port; yields the base URL."""
    import uvicorn

    from jobsieve.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(db, today=date(2026, 1, 15)), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Base URL of a jobsieve server over the hand-made postings (plus hostile ones, see tests)."""
    from jobsieve.store import Store

    from .ui_data import extra_records

    db = tmp_path_factory.mktemp("browser") / "ui.db"
    with Store(db) as s:
        s.add([*sample_records(), *extra_records()])
    yield from _serve(db)


@pytest.fixture(scope="session")
def dedup_server(tmp_path_factory):
    """Base URL of a server over a store that ingested one ad from two boards (text and HTML)."""
    from jobsieve.config import ParseConfig
    from jobsieve.store import Store

    from test_store_dedup import write_pair

    root = tmp_path_factory.mktemp("pair")
    db = root / "pair.db"
    with Store(db) as s:
        s.ingest([write_pair(root / "in")], ParseConfig(today=date(2026, 2, 1)))
    yield from _serve(db)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("JOBSIEVE_REQUIRE_BROWSER"):  # CI: a missing browser is a failure
            pytest.fail(f"{CHROMIUM} not found and JOBSIEVE_REQUIRE_BROWSER is set")
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (`make test` does it as root) "
                    "to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    ctx.close()


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                              has_touch=True)
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    ctx.close()
