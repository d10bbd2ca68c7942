"""Benchmark of the public programme (issue 12): gunicorn (2 workers) on loopback, a 60-slot
session (the demo grown to four days, five rooms: tests/bench/programme.py) in the bench's own
database.

Two servers on the same database, one after the other under load: "cached" as in production, and
"uncached" with the page cache off (DJANGO_PAGE_CACHE_SECONDS=0: every page is made afresh, as for
a signed-in delegate; the pieces stay cached: slot fragments, the programme page's shell and days,
the whole exports, the programme's rows under the programme version; after a change to one slot
the first request makes that slot's pieces and joins the rest again). Each serves a static file of
the same size as the English programme (WhiteNoise), and every figure is a ratio to the static rate
of the same server in the same run. Uses Debian's `wrk` when installed, else a bounded Python load
generator.

    make bench                      # or: .venv/bin/python tests/bench/bench_agenda.py
    BENCH_SECONDS=10 BENCH_CONNECTIONS=16 make bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ga_bench make bench
    BENCH_BEFORE=main make bench    # the code of main measured beside this one, same run

With BENCH_BEFORE the ref needs the DJANGO_PAGE_CACHE_SECONDS setting (branch i12-perf-before
has it on top of main: the code before issue 12).
"""

import http.client
import itertools
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
# A git ref (e.g. main): its code is measured beside this one, in the same run.
BEFORE = os.environ.get("BENCH_BEFORE", "")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
STATIC_NAME = "bench/programme-sized.html"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, capture=False, root=ROOT):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=root,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )


def python_load(port: int, path: str, seconds: float, connections: int, headers=()) -> dict:
    """Bounded: ``connections`` threads, each one request at a time, for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        nonlocal errors
        local, failed = [], 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1", **dict(headers)})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            except OSError:
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            local.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(local)
            errors += failed

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": errors,
        "requests": len(latencies),
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk_load(port: int, path: str, seconds: float, connections: int, headers=()) -> dict:
    extra = [arg for name, value in headers for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, int(seconds))}s",
            "--latency",
            "-H",
            "Host: 127.0.0.1",
            *extra,
            f"http://127.0.0.1:{port}{path}",
        ],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    if "Latency Distribution" not in out:
        raise RuntimeError(out)
    p50 = _ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors, "requests": requests}


# (label, server, path, signed in, goal as a ratio to the static file of the same server: None
# for the static file itself, 0 for a figure given for information)
MEASURES = [
    ("static file, same size", "cached", f"/static/{STATIC_NAME}", False, None),
    ("cached /en/agenda/", "cached", "/en/agenda/", False, 0.9),
    ("cached /ar/agenda/", "cached", "/ar/agenda/", False, 0.9),
    ("static file, same size", "uncached", f"/static/{STATIC_NAME}", False, None),
    ("uncached /en/agenda/", "uncached", "/en/agenda/", False, 1 / 25),
    ("uncached /ar/agenda/", "uncached", "/ar/agenda/", False, 1 / 25),
    ("signed in /en/agenda/", "uncached", "/en/agenda/", True, 1 / 25),
    ("signed in /en/agenda/me/", "uncached", "/en/agenda/me/", True, 0),  # for information
    ("uncached schedule.json", "uncached", "/en/agenda/schedule.json", False, 1 / 15),
    ("uncached schedule.xml", "uncached", "/en/agenda/schedule.xml", False, 1 / 15),
    ("uncached agenda.ics", "uncached", "/en/agenda/agenda.ics", False, 1 / 15),
]


def start_server(env: dict, root: Path = ROOT) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "assembly.wsgi",
        ],
        cwd=root,
        env={**env, "PYTHONPATH": str(root)},
    )
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def worker_cpu(server: subprocess.Popen) -> float:
    """CPU seconds (user and system) used so far by the server's workers (Linux /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:  # the parent: the gunicorn master
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def fetch(port: int, path: str, headers=()) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "127.0.0.1", **dict(headers)})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="agenda-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "assembly.settings",
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SITE_URL": "http://127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
    }
    env.pop("REDIS_URL", None)
    env["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    print(f"Database: {env['DATABASE_URL'].split('@')[-1]}")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_demo", capture=True)
    seeded = manage(
        env, "shell", "-c", "from tests.bench.programme import seed; seed()", capture=True
    ).stdout.strip()
    print(f"Programme of the 91st session: {seeded.splitlines()[-1]}")
    cookie = (
        manage(
            env,
            "shell",
            "-c",
            "from tests.bench.programme import delegate_cookie; delegate_cookie()",
            capture=True,
        )
        .stdout.split()[-1]
        .strip()
    )
    manage(env, "collectstatic", "--no-input", "-v0")

    size = int(
        manage(
            env,
            "shell",
            "-c",
            "from django.test import Client; "
            "print(len(Client(HTTP_HOST='127.0.0.1').get('/en/agenda/').content))",
            capture=True,
        ).stdout.split()[-1]
    )
    trees = {"after": ROOT}
    if BEFORE:
        # The code before the change, measured beside this one in the same run (same database,
        # same machine load): a checkout of BENCH_BEFORE.
        trees["before"] = workdir / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(trees["before"]), BEFORE],
            cwd=ROOT,
            check=True,
        )
        manage(env, "collectstatic", "--no-input", "-v0", root=trees["before"])
    static_files = []
    for root in trees.values():
        static_file = root / "staticfiles" / STATIC_NAME
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_bytes((b"<!-- same size as /en/agenda/ -->\n" + b"x" * size)[:size])
        static_files.append(static_file)

    servers = {}
    try:
        for code, root in trees.items():
            servers[code, "cached"] = start_server(env, root)
            servers[code, "uncached"] = start_server(
                {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"}, root
            )
        load = wrk_load if shutil.which("wrk") else python_load
        print(
            f"Load generator: {'wrk' if load is wrk_load else 'Python threads'}, "
            f"{CONNECTIONS} connections, {SECONDS:g} s per URL; gunicorn 2 sync workers per server"
        )
        results = []
        for (label, server, path, signed_in, goal), code in itertools.product(MEASURES, trees):
            process, port = servers[code, server]
            headers = [("Cookie", cookie)] if signed_in else []
            status, body = fetch(port, path, headers)
            if status != 200:
                print(f"{path} answered {status}", file=sys.stderr)
                return 1
            if signed_in and b"Sign out" not in body:
                print(f"{path}: the delegate is not signed in", file=sys.stderr)
                return 1
            load(port, path, 1, 2, headers)  # warm up: each worker's caches and fragments
            cpu = worker_cpu(process)
            result = load(port, path, SECONDS, CONNECTIONS, headers)
            # CPU per request of the workers: a figure that the machine's other load moves less.
            result["cpu"] = (worker_cpu(process) - cpu) / max(result["requests"], 1)
            results.append((label, (code, server), goal, len(body), result))
        print(f"\nProgramme page size: {size} bytes; load: {os.getloadavg()[0]:.2f}")
        print(
            f"{'URL':<28}{'code':>7}{'bytes':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'errors':>7}{'vs static':>11}{'goal':>8}{'CPU ms':>8}{'CPU vs static':>15}"
        )
        static, static_cpu = {}, {}
        failed = []
        for label, server, goal, length, result in results:
            if goal is None:
                static[server] = result["rps"]
                static_cpu[server] = result["cpu"]
            ratio = result["rps"] / static[server]
            cpu_ratio = static_cpu[server] / result["cpu"] if result["cpu"] else 1.0
            verdict = ""
            if goal and server[0] == "after":
                met = ratio >= goal
                verdict = f"{'≥' if met else '<'}{_ratio(goal)}"
                if not met:
                    failed.append(label)
            print(
                f"{label:<28}{server[0]:>7}{length:>8}{result['rps']:>9.0f}{result['p50']:>9.2f}"
                f"{result['p99']:>9.2f}{result['errors']:>7}{_ratio(ratio):>11}{verdict:>8}"
                f"{result['cpu'] * 1000:>8.2f}{_ratio(cpu_ratio):>15}"
            )
        print(f"\nGoals not met: {', '.join(failed)}" if failed else "\nEvery goal met.")
        print(
            "CPU ms: the workers' CPU time per request (user and system, /proc), which the other\n"
            "load of the machine moves less than the rates; 'CPU vs static' compares it."
        )
        return 0
    finally:
        for server, _port in servers.values():
            server.terminate()
            server.wait(timeout=10)
        for static_file in static_files:
            static_file.unlink(missing_ok=True)
            shutil.rmtree(static_file.parent, ignore_errors=True)
        if "before" in trees:
            remove = ["git", "worktree", "remove", "--force", str(trees["before"])]
            subprocess.run(remove, cwd=ROOT, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


def _ratio(value: float) -> str:
    """0.93 → "0.93×"; 0.04 → "1/25"."""
    return f"{value:.2f}×" if value >= 0.5 else f"1/{1 / value:.0f}"


if __name__ == "__main__":
    sys.exit(main())
