"""Forms answered with errors: still accessible (axe-core) and valid HTML (Nu HTML Checker)."""

import pytest

from .conftest import WCAG_TAGS, describe_violations
from .pages import submission_params

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("language", "submission"), submission_params())
def test_form_with_errors_is_accessible_and_valid(
    demo_site, browser, visitor_cookie, axe_source, vnu, language, submission, snap
):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        if submission.user:
            context.add_cookies([visitor_cookie(submission.user)])
        page = context.new_page()
        page.goto(f"{demo_site.url}/{language}{submission.path}")
        for name, value in submission.fields.items():
            field = page.locator(f"main [name='{name}']")
            if field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        # The browser's own checks (type=email) would stop the form; the server's are tested.
        page.locator("main form").evaluate("form => { form.noValidate = true; }")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("main form [type=submit]").first.click()
        page.wait_for_load_state()
        response = answer.value
        body = response.body()
        snap(page, f"{language} {submission.name}")
        assert response.status in (200, 400)  # the form again (400: the portal's refusals)
        assert b"errorlist" in body, "the answer shows no error"
        assert f'lang="{language}"'.encode() in body[:400]

        page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
    finally:
        context.close()
    assert result["passes"], "axe ran no rule"
    assert result["violations"] == [], describe_violations(result["violations"])
    errors = vnu(body)
    assert errors == [], "\n".join(f"line {e.get('lastLine')}: {e['message']}" for e in errors)
