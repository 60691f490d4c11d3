"""Playwright on Debian's chromium, plus an axe-core scan and a console-error guard."""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
PHONE = {"width": 375, "height": 812}

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls
# from a thread with a running loop unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium(playwright_driver):
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


class ConsoleGuard:
    """Collects console errors and page errors; a test asserts there are none."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on(
            "console",
            lambda msg: (
                msg.type == "error"
                and self.errors.append(f"{msg.text} at {msg.location.get('url')}")
            ),
        )
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))


def _new_page(chromium, viewport):
    context = chromium.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.console_guard = ConsoleGuard(page)
    return context, page


@pytest.fixture
def page(chromium, live_server):
    context, page = _new_page(chromium, {"width": 1280, "height": 900})
    yield page
    context.close()
    assert page.console_guard.errors == [], "console errors on the page"


@pytest.fixture
def phone_page(chromium, live_server):
    context, page = _new_page(chromium, PHONE)
    yield page
    context.close()
    assert page.console_guard.errors == [], "console errors on the page"


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the current page; return violations of the given impacts."""
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
