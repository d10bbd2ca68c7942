"""The load test's visitors: anonymous readers in four languages and delegates signing up.

Run by tests/load/run.py (`make load`), which starts gunicorn on PostgreSQL with the demo data.
Pages that do not exist yet (a 404 when the test starts) are left out, so the agenda and
resolutions pages join the mix by themselves once those apps are merged.

Hooks for the journeys added after the merge (registration in a delegation, side-event
sign-up): append a function to AFTER_SIGN_IN; it receives the signed-in SignedInDelegate and
uses `user.client` (a requests session with the delegate's cookies) and `user.csrf(path)`.
"""

import os
import random
import re
import urllib.error
import urllib.request
import uuid

from locust import HttpUser, between, events, task

LANGUAGES = ("en", "fr", "es", "ar")
RUN_ID = os.environ.get("LOAD_RUN_ID", uuid.uuid4().hex[:8])
PASSWORD = "Vienna-2023-plenary"
# Accounts made (verified) by run.py before the test: load-delegate-<n>@example.org.
DELEGATE_ACCOUNTS = int(os.environ.get("LOAD_DELEGATE_ACCOUNTS", "0"))

# What anonymous readers open; {lang} is each working language in turn.
READER_PAGES = [
    "/{lang}/",
    "/{lang}/sessions/",
    "/{lang}/sessions/91/",
    "/{lang}/sessions/90/",
    "/{lang}/agenda/",
    "/{lang}/resolutions/",
    "/{lang}/agenda/speakers/",
]
AVAILABLE_PAGES: list[str] = []
SIGNED_UP: list[str] = []  # addresses whose sign-up the server accepted
AFTER_SIGN_IN: list = []  # journeys of a signed-in delegate, see the module docstring
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.test_start.add_listener
def discover_pages(environment, **_kwargs):
    """HEAD each candidate page once; a 404 means its app is not there yet."""
    AVAILABLE_PAGES.clear()
    for template in READER_PAGES:
        url = environment.host + template.format(lang="en")
        request = urllib.request.Request(url, method="HEAD")
        try:
            urllib.request.urlopen(request, timeout=10)  # noqa: S310 (loopback test server)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                print(f"load: skipping {template} (404: not built yet)")
                continue
            # 405: the view answers GET only, which is what readers do.
        AVAILABLE_PAGES.append(template)
    print(f"load: readers open {', '.join(AVAILABLE_PAGES)}")


@events.test_stop.add_listener
def keep_signed_up(environment, **_kwargs):
    path = os.environ.get("LOAD_SIGNUPS_FILE")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            out.write("".join(f"{email}\n" for email in SIGNED_UP))


class Reader(HttpUser):
    """An anonymous visitor reading the session's pages in one of the four languages."""

    weight = 8
    wait_time = between(0.2, 1.0)

    @task
    def read(self):
        if not AVAILABLE_PAGES:
            return
        template = random.choice(AVAILABLE_PAGES)
        language = random.choice(LANGUAGES)
        with self.client.get(
            template.format(lang=language), name=template, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif f'lang="{language}"' not in response.text[:500]:
                response.failure(f"not in {language}")


class NewDelegate(HttpUser):
    """A delegate creating an account (sign-up form, then the verification-sent page)."""

    weight = 2
    wait_time = between(1, 3)

    @task
    def sign_up(self):
        self.client.cookies.clear()
        language = random.choice(LANGUAGES)
        path = f"/{language}/accounts/signup/"
        form = self.client.get(path, name="/{lang}/accounts/signup/ [form]")
        token = CSRF_INPUT.search(form.text)
        if token is None:
            return  # the GET itself is already counted as failed
        email = f"load-{RUN_ID}-{uuid.uuid4().hex[:12]}@example.org"
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
        with self.client.post(
            path,
            data=data,
            headers={"Referer": self.host + path},
            allow_redirects=False,
            name="/{lang}/accounts/signup/ [submit]",
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                SIGNED_UP.append(email)
            else:
                response.failure(f"sign-up answered {response.status_code}")


class SignedInDelegate(HttpUser):
    """A delegate with a verified account: signs in, reads the site signed in, then the
    journeys of AFTER_SIGN_IN (registration, side events) once those apps are merged."""

    weight = 2 if DELEGATE_ACCOUNTS else 0
    wait_time = between(0.5, 2)

    def on_start(self):
        number = random.randrange(DELEGATE_ACCOUNTS) if DELEGATE_ACCOUNTS else 0
        self.email = f"load-delegate-{number}@example.org"
        path = "/en/accounts/login/"
        token = self.csrf(path)
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": token, "login": self.email, "password": PASSWORD},
            headers={"Referer": self.host + path},
            allow_redirects=False,
            name="/{lang}/accounts/login/ [submit]",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")

    def csrf(self, path: str) -> str:
        """The CSRF token of the form at `path` (a GET counted under its own name)."""
        page = self.client.get(path, name=re.sub(r"^/\w\w/", "/{lang}/", path) + " [form]")
        match = CSRF_INPUT.search(page.text)
        return match.group(1) if match else ""

    @task
    def read_signed_in(self):
        with self.client.get("/en/", name="/{lang}/ [signed in]", catch_response=True) as page:
            if "no-store" not in page.headers.get("Cache-Control", ""):
                page.failure("a signed-in page without Cache-Control: no-store")
        for journey in AFTER_SIGN_IN:
            journey(self)
