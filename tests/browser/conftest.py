"""The dashboard in headless Chromium, driven by Playwright for Python.

The browser is Debian's chromium (or whatever CHROMIUM_PATH names); Playwright never downloads one.
Each test gets a fresh page on the test stack's dashboard that remembers every error the browser
logged, and a marker in `window` that only survives as long as the page is never reloaded.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    """CHROMIUM_PATH, else Debian's chromium, else None: Playwright's own, if one was ever installed."""
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Dashboard:
    page: Page
    url: str
    errors: list[str] = field(default_factory=list)

    def open(self) -> "Dashboard":
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.goto(self.url)
        self.page.evaluate("window.neverReloaded = true")
        return self

    def was_never_reloaded(self) -> bool:
        return self.page.evaluate("window.neverReloaded === true")

    def service_row(self, service: str):
        return self.page.locator(f'#services tr[data-service="{service}"]')

    def sales_order_row(self, sales_order_id: str):
        return self.page.locator(f'#sales-orders tr[data-sales-order-id="{sales_order_id}"]')


@pytest.fixture
def dashboard(browser, stack) -> Dashboard:
    context = browser.new_context(viewport=VIEWPORT)
    yield Dashboard(context.new_page(), stack.dashboard.base).open()
    context.close()
