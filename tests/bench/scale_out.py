"""Scale-out benchmark: the public pages and the registration form through nginx, with one and
with two app servers against the same PostgreSQL and Redis (`make bench-scale`).

Loopback only, bounded in time (BENCH_SECONDS per run). Needs nginx and wrk (Debian packages),
PostgreSQL (BENCH_DATABASE_URL, default the local `ga_ops` database: it is migrated and seeded
with the demo data) and Redis (BENCH_REDIS_URL, default database 5).

Two layouts are measured:
- ``shared``: every app server may use every core, as on this one 2-core machine;
- ``pinned``: app server i runs on core i only (taskset), as if each were its own 1-core
  machine; nginx, wrk, PostgreSQL and Redis float. This shows what adding a machine adds.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from tests.ops.stack import Stack, collect_static  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ga_ops")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
# What the issue asks for, and what stands in for it until the app exists on this branch.
PAGES = [
    ("programme", ["/en/agenda/", "/en/"]),
    ("registration form", ["/en/delegates/register/", "/en/accounts/signup/"]),
]


def environment(static_root: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SITE_URL": "http://127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.2",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wrk(url: str) -> dict:
    result = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=SECONDS + 30,
    )
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def percentile(label):
        match = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": rate,
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds used so far)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
    return table


def tree_cpu(roots: list[int]) -> float:
    """CPU seconds used by the processes ``roots`` and all their descendants (alive ones)."""
    table = _processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _cpu) in table.items():
        children.setdefault(parent, []).append(pid)
    total, stack = 0.0, list(roots)
    while stack:
        pid = stack.pop()
        total += table.get(pid, (0, 0.0))[1]
        stack.extend(children.get(pid, []))
    return total


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def database_backends() -> list[int]:
    """Process ids of the PostgreSQL backends serving the benchmark's database."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return [row[0] for row in rows]


QUERY_COUNT = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
client.get({path!r})
with CaptureQueriesContext(connection) as queries:
    response = client.get({path!r})
print(response.status_code, len(queries))
"""


def queries_per_page(path: str, env: dict[str, str]) -> int:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", QUERY_COUNT.format(path=path)],
        cwd=PROJECT,
        env={**os.environ, **env, "DJANGO_ALLOWED_HOSTS": "testserver"},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.split()[-1])


def pick_paths(stack: Stack) -> list[tuple[str, str]]:
    chosen = []
    for name, candidates in PAGES:
        for path in candidates:
            try:
                with urllib.request.urlopen(f"{stack.url}{path}", timeout=10) as response:  # noqa: S310
                    if response.status == 200:
                        chosen.append((name, path))
                        break
            except OSError:
                continue
    return chosen


def main() -> int:
    static_root = Path(tempfile.mkdtemp(prefix="assembly-bench-static-"))
    env = environment(static_root)
    print(f"Preparing {DATABASE_URL} (migrate, seed_demo) and static files…", flush=True)
    manage("migrate", "--no-input", env=env)
    manage("seed_demo", env=env)
    collect_static(env)
    cores = os.cpu_count() or 1
    layouts = [("shared", 1, None), ("shared", 2, None)]
    if cores >= 2:
        layouts += [("pinned", 1, ["0"]), ("pinned", 2, ["0", "1"])]
    results = []
    paths = None
    for layout, servers, cpus in layouts:
        with Stack(servers=servers, env=env, workers=WORKERS, cpus=cpus) as stack:
            if paths is None:
                paths = pick_paths(stack)
                for name, path in paths:
                    print(f"{name} {path}: {queries_per_page(path, env)} SQL queries", flush=True)
            for name, path in paths:
                # Warm up (templates, connections), then measure.
                subprocess.run(
                    ["wrk", "-t1", "-c4", "-d2s", f"{stack.url}{path}"],
                    capture_output=True,
                    check=True,
                )
                app_pids = [p.pid for p in stack.processes[:-1]]
                nginx_pid = [stack.processes[-1].pid]
                backends = database_backends()
                app_before, nginx_before = tree_cpu(app_pids), tree_cpu(nginx_pid)
                db_before = tree_cpu(backends)
                busy_before, total_before = machine_busy()
                load_before = os.getloadavg()[0]
                figures = wrk(f"{stack.url}{path}")
                busy_after, total_after = machine_busy()
                requests = figures["rps"] * SECONDS
                figures["app_cpu_ms_per_request"] = (
                    1000 * (tree_cpu(app_pids) - app_before) / max(requests, 1)
                )
                figures["nginx_cpu_ms_per_request"] = (
                    1000 * (tree_cpu(nginx_pid) - nginx_before) / max(requests, 1)
                )
                # Backends opened during the run are missed: a lower bound (CONN_MAX_AGE keeps
                # the app's connections open, so few are).
                figures["db_cpu_ms_per_request"] = (
                    1000 * (tree_cpu(backends) - db_before) / max(requests, 1)
                )
                figures["machine_busy_percent"] = (
                    100 * (busy_after - busy_before) / max(total_after - total_before, 1)
                )
                figures["load_before"] = load_before
                results.append(
                    {"layout": layout, "servers": servers, "page": name, "path": path, **figures}
                )
                print(
                    f"{layout:7} {servers} server(s) {name:18} {path:28} "
                    f"{figures['rps']:8.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
                    f"p99 {figures['p99_ms']:7.1f} ms  non-2xx {figures['non_2xx']}  "
                    f"app CPU {figures['app_cpu_ms_per_request']:5.1f} ms/req  "
                    f"nginx CPU {figures['nginx_cpu_ms_per_request']:4.2f} ms/req  "
                    f"PostgreSQL CPU {figures['db_cpu_ms_per_request']:5.1f} ms/req  "
                    f"machine busy {figures['machine_busy_percent']:3.0f}%  "
                    f"load before {figures['load_before']:.1f}",
                    flush=True,
                )
    print()
    print("| layout | page | 1 server (req/s) | 2 servers (req/s) | growth |")
    print("| --- | --- | ---: | ---: | ---: |")
    for layout in ("shared", "pinned"):
        for name, path in paths or []:
            one = next(
                (r for r in results if (r["layout"], r["servers"], r["path"]) == (layout, 1, path)),
                None,
            )
            two = next(
                (r for r in results if (r["layout"], r["servers"], r["path"]) == (layout, 2, path)),
                None,
            )
            if one and two:
                print(
                    f"| {layout} | {name} `{path}` | {one['rps']:.0f} | {two['rps']:.0f} | "
                    f"×{two['rps'] / one['rps']:.2f} |"
                )
    artifacts = PROJECT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "bench-scale.json").write_text(
        json.dumps(
            {
                "cores": cores,
                "seconds": SECONDS,
                "connections": CONNECTIONS,
                "workers": WORKERS,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"\nFigures saved to {artifacts / 'bench-scale.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
