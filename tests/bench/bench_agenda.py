"""Benchmark of the public programme: gunicorn (2 workers) serving the demo on loopback.

Measures requests per second and latency of /en/agenda/, /ar/agenda/, a slot page and
schedule.json, beside a static file of the same size as the English programme served by the same
server (WhiteNoise). Uses Debian's `wrk` when installed, else a bounded Python load generator.

    make bench                      # or: .venv/bin/python tests/bench/bench_agenda.py
    BENCH_SECONDS=10 BENCH_CONNECTIONS=16 make bench
"""

import http.client
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
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
SLOT = "/en/agenda/items/panel-emerging-technologies/"
STATIC_NAME = "bench/programme-sized.html"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )


def python_load(port: int, path: str, seconds: float, connections: int) -> dict:
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
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
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
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk_load(port: int, path: str, seconds: float, connections: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--latency",
            "-H",
            "Host: 127.0.0.1",
            f"http://127.0.0.1:{port}{path}",
        ],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    if "Latency Distribution" not in out:
        raise RuntimeError(out)
    p50 = _ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


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
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    print(f"Database: {env['DATABASE_URL'].split('@')[-1]}")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_demo", capture=True)
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
    static_file = ROOT / "staticfiles" / STATIC_NAME
    static_file.parent.mkdir(parents=True, exist_ok=True)
    static_file.write_bytes((b"<!-- same size as /en/agenda/ -->\n" + b"x" * size)[:size])

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
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            print("gunicorn did not start", file=sys.stderr)
            return 1
        load = wrk_load if shutil.which("wrk") else python_load
        print(
            f"Load generator: {'wrk' if load is wrk_load else 'Python threads'}, "
            f"{CONNECTIONS} connections, {SECONDS:g} s per URL; gunicorn 2 sync workers"
        )
        urls = [
            ("static file, same size", f"/static/{STATIC_NAME}"),
            ("/en/agenda/", "/en/agenda/"),
            ("/ar/agenda/", "/ar/agenda/"),
            ("slot page", SLOT),
            ("schedule.json", "/en/agenda/schedule.json"),
        ]
        results, sizes = {}, {}
        for label, path in urls:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            sizes[label] = len(response.read())
            conn.close()
            if response.status != 200:
                print(f"{path} answered {response.status}", file=sys.stderr)
                return 1
        for label, path in urls:
            load(port, path, 1, 2)  # warm up: fill each worker's cache
            results[label] = load(port, path, SECONDS, CONNECTIONS)
        print(f"\nProgramme page size: {size} bytes")
        print(
            f"{'URL':<24}{'bytes':>8}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}"
            f"{'vs static':>11}"
        )
        static_rps = results["static file, same size"]["rps"]
        for label, result in results.items():
            print(
                f"{label:<24}{sizes[label]:>8}{result['rps']:>10.0f}{result['p50']:>10.2f}{result['p99']:>10.2f}"
                f"{result['errors']:>8}{result['rps'] / static_rps:>10.0%}"
            )
        ratio = results["/en/agenda/"]["rps"] / static_rps
        verdict = "met" if ratio >= 1 / 3 else "NOT met"
        print(f"\nTarget (programme ≥ 1/3 of the static file's rate): {verdict} ({ratio:.0%})")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=10)
        static_file.unlink(missing_ok=True)
        shutil.rmtree(static_file.parent, ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
