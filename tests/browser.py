"""Headless Chromium through Playwright, against pytest-django's live server.

Every page of these tests runs under the portal's Content-Security-Policy, and any
violation (an inline script, an on...= handler, an asset from elsewhere) fails the
test: the browser_page and phone_page fixtures watch for them, and a test that makes
its own context calls watch_csp_violations and assert_no_csp_violations."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


# Runs in every document before its own scripts; the page reports to Python.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"} ` +
    `(${event.sourceFile || document.location.href}:${event.lineNumber})`
  );
});
"""


def watch_csp_violations(context) -> list[str]:
    """Collects the CSP violations of every page of `context`: the
    securitypolicyviolation events and the console errors Chromium logs for them."""
    violations: list[str] = []

    def report(text: str) -> None:
        violations.append(text)

    context.expose_function("reportCspViolation", report)
    context.add_init_script(_CSP_LISTENER)

    def console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"console: {message.text}")

    context.on("console", console)
    return violations


def assert_no_csp_violations(context, violations: list[str]) -> None:
    for page in context.pages:  # let the reports still on their way arrive
        if not page.is_closed():
            page.evaluate("0")
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(
        violations
    )


def _checked_page(browser, **context_options):
    context = browser.new_context(locale="id-ID", **context_options)
    violations = watch_csp_violations(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    assert_no_csp_violations(context, violations)
    context.close()


@pytest.fixture
def browser_page(chromium_browser, live_server):
    """A fresh browser tab; `browser_page.base_url` is the live server's address."""
    yield from _checked_page(chromium_browser, base_url=live_server.url)


@pytest.fixture
def phone_page(chromium_browser, live_server):
    """A phone-sized tab (360×740), as the public uses the portal."""
    yield from _checked_page(
        chromium_browser,
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def touch_phone_page(chromium_browser, live_server):
    """The phone of issue #25's checks: 390×844 with touch."""
    yield from _checked_page(
        chromium_browser,
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 or less: it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


ASSETS = Path(__file__).parent / "assets"


def small_tap_targets(page, minimum: int = 44) -> list[str]:
    found = page.evaluate((ASSETS / "tap_targets.js").read_text(), minimum)
    assert isinstance(found, list), found  # the script ran as a function
    return found


def assert_fits_a_phone(page) -> None:
    """No sideways scrolling, and every tap target at least 44 px each way."""
    assert horizontal_overflow(page) <= 0, f"{page.url} is wider than the screen"
    small = small_tap_targets(page)
    assert not small, f"{page.url}: tap targets under 44 px:\n" + "\n".join(small)


def log_in(page, username: str, password: str) -> None:
    page.goto("/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def assert_shows(page, text) -> None:
    """The page shows `text` (a string or a compiled pattern), waiting for a
    navigation a click has started: page.content() read at once may still be the
    empty document between two pages."""
    from playwright.sync_api import expect

    expect(page.locator("body")).to_contain_text(text)
