"""Headless Chromium through Playwright, against pytest-django's live server.

Every page of these tests runs under the portal's Content-Security-Policy, and any
violation (an inline script, an on...= handler, an asset from elsewhere) fails the
test; so does any serious or critical axe-core finding (WCAG 2.0/2.1 A and AA) on
any page a test visits. The browser_page, phone_page and touch_phone_page fixtures
watch for both; a test that makes its own context calls watch_pages and, at the end,
the checks' assert_passed (see PageChecks)."""

import json
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


ASSETS = Path(__file__).parent / "assets"

# Runs in every document before its own scripts; the page reports to Python.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"} ` +
    `(${event.sourceFile || document.location.href}:${event.lineNumber})`
  );
});
"""

# axe-core (tests/assets/axe.min.js, vendored from npm with its licence header; the
# version is in tests/README.md) checks each page against the WCAG 2.0 and 2.1 A and
# AA rules; a serious or critical finding fails the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = ["serious", "critical"]
# Top-level documents of ours only: not the initial about:blank, not an embed.
_AXE_IN_EVERY_DOCUMENT = (
    'if (window === window.top && location.protocol.startsWith("http")) {\n'
    + (ASSETS / "axe.min.js").read_text(encoding="utf-8")
    + "\n;("
    + (ASSETS / "axe_run.js").read_text(encoding="utf-8")
    + f")({json.dumps(AXE_TAGS)}, {json.dumps(AXE_FAILING_IMPACTS)});\n}}"
)
AXE_WAIT_SECONDS = 20


def _not_a_static_file(url: str) -> bool:
    return "/static/" not in url


class PageChecks:
    """What every page of a browser context must pass: no Content-Security-Policy
    violation, and no serious or critical axe-core finding.

    axe runs in every document of ours as soon as it is parsed and styled, and a
    tab does not leave a document before its check is done: the main frame's next
    navigation request is held until then (Playwright's route), so a page a test
    clicks through in a moment is checked as well. The documents still open at the
    end are waited for.

    How axe gets in under our CSP (script-src 'self': no inline script, no eval):
    `page.add_script_tag` inserts an inline <script>, which the CSP refuses, and
    `bypass_csp` would let it in only by switching the policy off for the whole page,
    so the violation check would prove nothing. A context init script is not page
    content: Chromium evaluates it in each new document before the page's own
    scripts, outside the CSP (as the CSP listener above), while the page keeps its
    real policy for everything it loads and runs itself. axe-core needs no eval, so
    nothing it does at run time is refused either (a refusal would fail the test).
    Checking from Python instead (`page.evaluate` when a navigation starts) does not
    work: Playwright holds an evaluation until the pending navigation is done."""

    def __init__(self, context):
        self.csp: list[str] = []
        self.accessibility: list[str] = []
        self.checked_documents = 0
        self._showing: dict = {}  # page -> id of the document it shows
        self._checked: set[str] = set()
        self._held: dict = {}  # page -> its next navigation, until the check is done
        context.expose_function("reportCspViolation", self._csp_violation)
        context.add_init_script(_CSP_LISTENER)
        context.on("console", self._console)
        context.expose_binding("reportAxe", self._axe_report)
        context.add_init_script(_AXE_IN_EVERY_DOCUMENT)
        context.route(_not_a_static_file, self._before_request)

    def _csp_violation(self, text: str) -> None:
        self.csp.append(text)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp.append(f"console: {message.text}")

    def _axe_report(self, source, document: str, findings: list[str] | None) -> None:
        page = source["page"]
        if findings is None:
            self._showing[page] = document
            return
        self._checked.add(document)
        self.checked_documents += 1
        self.accessibility += findings
        if self._is_checked(page) and page in self._held:
            self._held.pop(page).fallback()

    def _is_checked(self, page) -> bool:
        document = self._showing.get(page)
        return document is None or document in self._checked

    def _before_request(self, route) -> None:
        request = route.request
        frame = request.frame
        if (
            request.is_navigation_request()
            and frame.parent_frame is None
            and not self._is_checked(frame.page)
        ):
            self._held[frame.page] = route  # let go when the check reports
            return
        route.fallback()  # to a test's own route, if any, else to the server

    def assert_passed(self, context) -> None:
        pages = [page for page in context.pages if not page.is_closed()]
        for page in pages:
            for _ in range(AXE_WAIT_SECONDS * 10):
                if self._is_checked(page):
                    break
                page.wait_for_timeout(100)
            else:
                self.accessibility.append(f"{page.url}: axe-core did not finish")
        # A navigation still held would keep any evaluation below waiting.
        for route in self._held.values():
            route.fallback()
        self._held.clear()
        for page in pages:
            page.evaluate("0")  # let the CSP reports on their way arrive
        assert not self.csp, "Content-Security-Policy violations:\n" + "\n".join(
            self.csp
        )
        assert not self.accessibility, (
            "axe-core: serious or critical accessibility violations:\n"
            + "\n".join(dict.fromkeys(self.accessibility))  # each finding once
        )


def watch_pages(context) -> PageChecks:
    """Watch every page of a context a test makes itself; end with
    `checks.assert_passed(context)` before closing it."""
    return PageChecks(context)


def _checked_page(browser, **context_options):
    from playwright.sync_api import expect

    # An expectation waits as long as an action does: axe-core holds each
    # navigation until the page it leaves is checked, which under load takes
    # longer than expect's own 5 seconds.
    expect.set_options(timeout=15_000)
    context = browser.new_context(locale="id-ID", **context_options)
    checks = watch_pages(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
        checks.assert_passed(context)
    finally:
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
