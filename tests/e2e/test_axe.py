"""axe-core, injected from node_modules, on every page of PAGES: zero WCAG 2.1 A/AA violations."""

import json
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, WCAG_TAGS, describe_violations
from .pages import page_params

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
        page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
    finally:
        context.close()
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = Path(REPORTS / f"{language}-{checked.name}.json")
    report.write_text(json.dumps(result["violations"], indent=1, ensure_ascii=False))
    assert result["passes"], "axe ran no rule: the audit did not happen"
    assert result["violations"] == [], describe_violations(result["violations"])
