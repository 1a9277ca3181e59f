"""The checks every browser test's pages go through (tests/browser.py): axe-core
reports a serious finding under the portal's CSP without a CSP violation of its
own, also on a page the test leaves at once, and passes a page without one."""

import pytest

from tests.browser import watch_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"
# An image without alt text: axe-core's image-alt, a critical finding.
LEFT_AT_ONCE = (
    "<!doctype html><html lang='id'><head><title>Probe</title></head><body><main>"
    "<img src='/static/no.png'><a id='next' href='/probe/next/'>Lanjut</a>"
    "</main></body></html>"
)
FINE = (
    "<!doctype html><html lang='id'><head><title>Baik</title></head><body><main>"
    "<h1>Semua baik</h1></main></body></html>"
)


def _serve(context, base_url):
    def page(route):
        html = LEFT_AT_ONCE if route.request.url.endswith("/probe/") else FINE
        route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": CSP},
            body=html,
        )

    # Registered before the checks: routes registered later run first, so the
    # checks may hold a navigation before this answers it.
    context.route(f"{base_url}/probe/**", page)


def test_a_finding_on_a_page_left_at_once_fails_and_a_clean_page_passes(
    chromium_browser, live_server
):
    context = chromium_browser.new_context(base_url=live_server.url)
    _serve(context, live_server.url)
    checks = watch_pages(context)
    page = context.new_page()
    page.goto("/probe/", wait_until="commit")
    page.click("#next")  # away before the page has finished loading
    page.wait_for_url("**/probe/next/")
    with pytest.raises(AssertionError, match="image-alt"):
        checks.assert_passed(context)
    assert checks.checked_documents == 2
    assert checks.csp == []  # axe itself runs within the page's CSP
    assert all("/probe/next/" not in finding for finding in checks.accessibility)
    context.close()
