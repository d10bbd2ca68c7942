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
    "/{lang}/agenda/2023-11-29/",
    "/{lang}/agenda/?kind=side_event",
    "/{lang}/agenda/items/plenary-1/",
    "/{lang}/agenda/speakers/",
    "/{lang}/agenda/themes/",
    "/{lang}/agenda/live/",
    "/{lang}/agenda/changes/",
    "/{lang}/resolutions/",
    "/{lang}/resolutions/?q=crime",
    "/{lang}/resolutions/GA-2023-91-RES-01/",
    "/{lang}/resolutions/GA-2023-91-RES-03/",
]
AVAILABLE_PAGES: list[str] = []
SIGNED_UP: list[str] = []  # addresses whose sign-up the server accepted
AFTER_SIGN_IN: list = []  # journeys of a signed-in delegate, see the module docstring
REGISTERED: list[str] = []  # addresses whose registration the server accepted
SIDE_EVENT_SIGN_UPS: list[str] = []  # "email slug" of each sign-up the server accepted
SIDE_EVENT_REFUSALS: list[str] = []  # requests (not confirmed) refused a place, as they should
SIDE_EVENTS = ("centenary-exhibition-tour", "women-in-policing-lunch", "forensic-databases-demo")
# The member country the load delegates register for (run.py passes its id).
COUNTRY_IDS = os.environ.get("LOAD_COUNTRY_IDS", "").split(",")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MESSAGE = re.compile(r'<li class="message message--[a-z ]+">([^<]*)</li>')


def flash_messages(html: str) -> str:
    """The messages the page shows after a form (base.html's list), joined."""
    return " | ".join(MESSAGE.findall(html))


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
    """What the server accepted, for run.py to compare with what the database holds."""
    for variable, accepted in (
        ("LOAD_SIGNUPS_FILE", SIGNED_UP),
        ("LOAD_REGISTRATIONS_FILE", REGISTERED),
        ("LOAD_SIDE_EVENTS_FILE", SIDE_EVENT_SIGN_UPS),
    ):
        path = os.environ.get(variable)
        if path:
            with open(path, "w", encoding="utf-8") as out:
                out.write("".join(f"{line}\n" for line in accepted))


def register_in_delegation(user) -> None:
    """The delegate registers in a member delegation once; the form then sends them on."""
    if getattr(user, "registered", False):
        return
    path = "/en/delegates/register/"
    token = user.csrf(path)
    if not token:
        # No form: the page sent this account on to its portal, registered meanwhile by a
        # parallel user of the same account (the portal has no form to take a token from).
        user.registered = True
        return
    with user.client.post(
        path,
        data={"csrfmiddlewaretoken": token, "category": "delegate", "country": user.country_id},
        headers={"Referer": user.host + path},
        name="/{lang}/delegates/register/ [submit]",
        catch_response=True,
    ) as response:
        said = flash_messages(response.text)
        if response.status_code != 200:
            response.failure(f"registration answered {response.status_code}")
        elif "Your registration is submitted" in said:
            REGISTERED.append(user.email)
            user.registered = True
        elif "already registered" in said:
            user.registered = True  # a parallel submission of the same account won
        else:
            response.failure("registration neither accepted nor refused as a duplicate")


def sign_up_for_side_event(user) -> None:
    """The registered delegate takes a seat (or a place on the waiting list) at a side event."""
    if not getattr(user, "registered", False):
        return
    slug = random.choice(SIDE_EVENTS)
    page = f"/en/agenda/items/{slug}/"
    token = user.csrf(page)
    with user.client.post(
        f"{page}sign-up/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": user.host + page},
        name="/{lang}/agenda/items/{slug}/sign-up/ [submit]",
        catch_response=True,
    ) as response:
        said = flash_messages(response.text)
        if response.status_code != 200:
            response.failure(f"sign-up answered {response.status_code}")
        elif "Your seat is confirmed" in said or "on the waiting list" in said:
            SIDE_EVENT_SIGN_UPS.append(f"{user.email} {slug}")
        elif "Only delegates registered for the session can sign up" in said:
            # A self-registration is a request: it holds no place until the head or the
            # secretariat confirms it (issue 14), and the server says so.
            SIDE_EVENT_REFUSALS.append(f"{user.email} {slug}")
        elif "already signed up" not in said:
            response.failure(f"side-event sign-up neither accepted nor refused: {said!r}")


AFTER_SIGN_IN.extend([register_in_delegation, sign_up_for_side_event])


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

    weight = 4 if DELEGATE_ACCOUNTS else 0
    wait_time = between(0.5, 2)

    def on_start(self):
        """Sign in as one of the accounts run.py made (several users may pick the same one:
        parallel submissions of one person are part of the test)."""
        self.client.cookies.clear()
        self.registered = False
        number = random.randrange(DELEGATE_ACCOUNTS) if DELEGATE_ACCOUNTS else 0
        self.email = f"load-delegate-{number}@example.org"
        self.country_id = COUNTRY_IDS[number % len(COUNTRY_IDS)]
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
        name = re.sub(r"^/\w\w/", "/{lang}/", path)
        name = re.sub(r"/items/[^/]+/", "/items/{slug}/", name)
        page = self.client.get(path, name=name + " [form]")
        match = CSRF_INPUT.search(page.text)
        return match.group(1) if match else ""

    @task
    def read_signed_in(self):
        with self.client.get("/en/", name="/{lang}/ [signed in]", catch_response=True) as page:
            if "no-store" not in page.headers.get("Cache-Control", ""):
                page.failure("a signed-in page without Cache-Control: no-store")
        for journey in AFTER_SIGN_IN:
            journey(self)
        if AFTER_SIGN_IN and random.random() < 0.3:
            self.on_start()  # the next delegate takes the seat at this computer
