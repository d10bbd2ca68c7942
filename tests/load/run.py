"""Runs the load test: gunicorn (2 workers) on PostgreSQL with the demo data, then locust.

    .venv/bin/python tests/load/run.py --duration 60      (make load; CI runs --duration 15)

The database is LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ga_load), created
when missing. Prints requests per second and p50/p95 latency per page; exits non-zero on any
failed request, on a lost or duplicated sign-up, or when a step does not start.
"""

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
OUT = ROOT / "test-artifacts" / "load"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/ga_load"
DELEGATE_ACCOUNTS = 40
# Member countries with no delegation in the demo's 91st session (but for the load test's own):
# the load delegates register there, four to a country (a delegation counts at most ten delegates).
LOAD_COUNTRIES = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"load: created database {name}")


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=600
    )


DELEGATES_SCRIPT = """
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from agenda.models import SideEventSignup
from assembly.models import AssemblySession, Country
from delegates.models import Person, Registration
User = get_user_model()
session = AssemblySession.objects.get(is_current=True)
# A fresh start: the previous run's registrations and side-event sign-ups of these accounts go.
SideEventSignup.objects.filter(person__email__startswith="load-delegate-").delete()
Registration.objects.filter(person__email__startswith="load-delegate-").delete()
# Three seats at the forensic databases demonstration, so that a short run fills it and the
# waiting list (and the capacity check) is really exercised.
from agenda.models import ProgrammeSlot
ProgrammeSlot.objects.filter(slug="forensic-databases-demo", session=session).update(capacity=3)
# Countries whose delegation (if any) holds only load delegates: the same ones on every run.
others = (
    Registration.objects.filter(session=session, delegation__country__isnull=False)
    .exclude(person__email__startswith="load-delegate-")
    .values("delegation__country")
)
countries = list(
    Country.objects.filter(status=Country.Status.MEMBER)
    .exclude(pk__in=others)
    .order_by("iso_code")[:{countries}]
)
for n in range({count}):
    email = f"load-delegate-{{n}}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email, password="{password}")
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={{"verified": True, "primary": True}}
    )
    person, _created = Person.objects.update_or_create(
        email=email,
        defaults={{"user": user, "given_name": "Load", "family_name": f"Delegate {{n}}",
                   "country": countries[n % len(countries)]}},
    )
    if n % 2 == 0:
        # Half the load delegates were confirmed by the secretariat before the run: they take
        # side-event places. The others register during the run and stay requests (issue 14).
        from delegates import services
        delegation = services.delegation_for(session=session, country=person.country)
        registration = services.registration_submit(
            person=person, session=session, category=Registration.Category.DELEGATE,
            delegation=delegation, actor=None,
        )
        services.registration_approve(registration=registration, actor=None)
with open("{ids_file}", "w") as out:
    out.write(",".join(str(country.pk) for country in countries))
"""


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    """gunicorn with 2 sync workers on ``port``, in its own process group (killed as a whole)."""
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "assembly.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("load: gunicorn stopped while starting")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("load: gunicorn did not answer /healthz in time")


def print_figures(stats_csv: Path) -> tuple[int, int]:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    width = max(len(row["Name"]) for row in rows)
    header = f"{'requests':>8}  {'failed':>6}  {'req/s':>7}  {'p50 ms':>7}  {'p95 ms':>7}"
    print(f"\n{'page':<{width}}  {header}")
    total_requests = total_failures = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all pages"
        print(
            f"{name:<{width}}  {row['Request Count']:>8}  {row['Failure Count']:>6}  "
            f"{float(row['Requests/s']):>7.1f}  {row['50%']:>7}  {row['95%']:>7}"
        )
        if row["Name"] == "Aggregated":
            total_requests, total_failures = int(row["Request Count"]), int(row["Failure Count"])
    return total_requests, total_failures


def check_sign_ups(run_id: str, signups_file: Path) -> list[str]:
    """Every accepted sign-up is one account, none lost, none doubled."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model

    accepted = signups_file.read_text(encoding="utf-8").split()
    stored = list(
        get_user_model()
        .objects.filter(email__startswith=f"load-{run_id}-")
        .values_list("email", flat=True)
    )
    problems = []
    if len(set(accepted)) != len(accepted):
        problems.append("the same address was accepted twice")
    if sorted(stored) != sorted(set(accepted)):
        problems.append(
            f"{len(accepted)} sign-ups accepted but {len(stored)} accounts stored "
            f"({len(set(stored) - set(accepted))} unexpected, "
            f"{len(set(accepted) - set(stored))} lost)"
        )
    print(f"load: {len(accepted)} sign-ups accepted, {len(stored)} accounts stored")
    return problems


def check_registrations(accepted_file: Path) -> list[str]:
    """Every registration the server accepted is stored once; none lost, none doubled."""
    from django.db.models import Count

    from delegates.models import Registration

    accepted = accepted_file.read_text(encoding="utf-8").split()
    # The requests made during the run (the confirmed half was registered before it).
    stored = Registration.objects.filter(
        person__email__startswith="load-delegate-", status=Registration.Status.SUBMITTED
    )
    emails = list(stored.values_list("person__email", flat=True))
    doubled = stored.values("person", "session").annotate(n=Count("id")).filter(n__gt=1)
    problems = []
    if len(set(accepted)) != len(accepted):
        problems.append("the same person's registration was accepted twice")
    if doubled.exists():
        problems.append(f"{doubled.count()} persons hold two registrations")
    if sorted(emails) != sorted(set(accepted)):
        problems.append(
            f"{len(accepted)} registrations accepted but {len(emails)} stored "
            f"({len(set(emails) - set(accepted))} unexpected, "
            f"{len(set(accepted) - set(emails))} lost)"
        )
    print(f"load: {len(accepted)} registrations accepted, {len(emails)} stored")
    return problems


def check_side_events(accepted_file: Path) -> list[str]:
    """Accepted sign-ups are all stored, none doubled, and no side event is above capacity."""
    from agenda.models import ProgrammeSlot, SideEventSignup

    accepted = accepted_file.read_text(encoding="utf-8").splitlines()
    stored = [
        f"{email} {slug}"
        for email, slug in SideEventSignup.objects.filter(
            person__email__startswith="load-delegate-"
        ).values_list("person__email", "slot__slug")
    ]
    problems = []
    if len(set(accepted)) != len(accepted):
        problems.append("a delegate's seat at one side event was accepted twice")
    if sorted(stored) != sorted(accepted):
        problems.append(
            f"{len(accepted)} side-event sign-ups accepted but {len(stored)} stored "
            f"({len(set(stored) - set(accepted))} unexpected, "
            f"{len(set(accepted) - set(stored))} lost)"
        )
    events = ProgrammeSlot.objects.filter(capacity__isnull=False, kind="side_event")
    for event in events.order_by("start"):
        confirmed = SideEventSignup.objects.filter(slot=event, status="confirmed").count()
        waiting = SideEventSignup.objects.filter(slot=event, status="waitlisted").count()
        print(
            f"load: side event {event.slug}: {confirmed}/{event.capacity} seats taken, "
            f"{waiting} waiting"
        )
        if confirmed > event.capacity:
            problems.append(f"{event.slug} holds {confirmed} seats for {event.capacity}")
    print(f"load: {len(accepted)} side-event sign-ups accepted, {len(stored)} stored")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--users", type=int, default=20, help="simultaneous virtual users")
    parser.add_argument("--spawn-rate", type=float, default=10)
    args = parser.parse_args()

    database = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE)
    run_id = uuid.uuid4().hex[:8]
    OUT.mkdir(parents=True, exist_ok=True)
    signups_file = OUT / "signups.txt"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "tests.load.settings",
        "DJANGO_SECRET_KEY": "load-test-only-not-a-secret",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SITE_URL": "http://127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "LOAD_RUN_ID": run_id,
        "LOAD_SIGNUPS_FILE": str(signups_file),
        "LOAD_DELEGATE_ACCOUNTS": str(DELEGATE_ACCOUNTS),
        "LOAD_REGISTRATIONS_FILE": str(OUT / "registrations.txt"),
        "LOAD_SIDE_EVENTS_FILE": str(OUT / "side-events.txt"),
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)

    ensure_database(database)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(
        env,
        "shell",
        "-c",
        DELEGATES_SCRIPT.format(
            count=DELEGATE_ACCOUNTS,
            password="Vienna-2023-plenary",
            countries=LOAD_COUNTRIES,
            ids_file=OUT / "countries.txt",
        ),
    )
    env["LOAD_COUNTRY_IDS"] = (OUT / "countries.txt").read_text(encoding="utf-8").strip()

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env, port)
    try:
        wait_until_up(f"{host}/healthz", server)
        print(f"load: gunicorn (2 workers) on {host}, {args.users} users for {args.duration} s")
        log = (OUT / "locust.log").open("w", encoding="utf-8")  # locust's own tables, in full
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "tests/load/locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--host",
                host,
                "--csv",
                str(OUT / "run"),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=args.duration + 120,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    for line in (OUT / "locust.log").read_text(encoding="utf-8").splitlines():
        if line.startswith("load:") or "Traceback" in line or "Error" in line:
            print(line)
    requests, failures = print_figures(OUT / "run_stats.csv")
    problems = check_sign_ups(run_id, signups_file)
    problems += check_registrations(OUT / "registrations.txt")
    problems += check_side_events(OUT / "side-events.txt")
    if requests == 0:
        problems.append("no request was made")
    if failures:
        print((OUT / "run_failures.csv").read_text(encoding="utf-8"))
        problems.append(f"{failures} failed requests (see {OUT / 'run_failures.csv'})")
    if locust.returncode != 0:
        problems.append(f"locust exited with {locust.returncode}")
    for problem in problems:
        print(f"load: FAILED: {problem}")
    if not problems:
        print(f"load: passed, {requests} requests, 0 failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
