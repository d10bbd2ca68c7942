"""axe-core, injected from node_modules, on every page of PAGES: zero WCAG 2.1 A/AA violations."""

import json
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, WCAG_TAGS, describe_violations
from .pages import page_params
from .staff import language_headers, staff_page_params, staff_path

pytestmark = pytest.mark.e2e

REPORTS = ARTIFACTS / "axe"


@pytest.mark.parametrize(("language", "checked"), page_params())
def test_no_accessibility_violation(
    demo_site, browser, visitor_cookie, axe_source, language, checked, snap
):
    # The site's CSP forbids inline script, as it should; only this audit context lifts it so
    # that axe can be injected. Every other browser test runs under the real policy.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        if checked.user:
            context.add_cookies([visitor_cookie(checked.user)])
        page = context.new_page()
        response = page.goto(f"{demo_site.url}/{language}{checked.path}")
        assert response.status == checked.status
        snap(page, f"{language} {checked.name}")
        if checked.user:  # the page really is the signed-in one
            assert page.locator("a[href*='/accounts/logout/']").count() == 1
        result = _audit(page, axe_source)
    finally:
        context.close()
    _assert_no_violation(result, f"{language}-{checked.name}")


def _audit(page, axe_source: str) -> dict:
    page.add_script_tag(content=axe_source)
    # Every rule runs and every violation is reported with all its elements; passes are kept
    # to one element a rule (axe's `resultTypes`), which spares the time of collecting them.
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )


def _assert_no_violation(result: dict, name: str) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = Path(REPORTS / f"{name}.json")
    report.write_text(json.dumps(result["violations"], indent=1, ensure_ascii=False))
    assert result["passes"], "axe ran no rule: the audit did not happen"
    assert result["violations"] == [], describe_violations(result["violations"])


@pytest.mark.parametrize(("language", "checked"), staff_page_params())
def test_no_accessibility_violation_in_the_back_office(
    demo_site, browser, visitor_cookie, axe_source, language, checked, snap
):
    """The back office's main pages, signed in as staff; the admin has no language prefix and
    speaks the language the browser asks for."""
    context = browser.new_context(
        bypass_csp=True,
        viewport={"width": 1366, "height": 900},
        extra_http_headers=language_headers(language),
    )
    try:
        context.add_cookies([visitor_cookie(checked.user)])
        page = context.new_page()
        response = page.goto(f"{demo_site.url}{staff_path(checked)}")
        assert response.status == 200
        assert page.evaluate("document.documentElement.lang") == language
        snap(page, f"{language} admin {checked.name}")
        result = _audit(page, axe_source)
    finally:
        context.close()
    _assert_no_violation(result, f"{language}-admin-{checked.name}")
