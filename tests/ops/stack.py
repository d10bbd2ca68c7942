"""Starts app servers (gunicorn) and nginx on loopback ports: the two-server test and the
scale-out benchmark share it. Every process it starts, it stops (by its own pid)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# nginx talks to the app servers from this address, the only trusted proxy: a client on
# 127.0.0.1 is then told apart from the proxy, as on a real network.
PROXY_ADDRESS = "127.0.0.2"

NGINX_CONF = """
worker_processes {nginx_workers};
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream assembly_app {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://assembly_app;
            proxy_bind {proxy_address};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, *, timeout: float = 60, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError as error:
            last_error = error
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout}s: {last_error}")


class Stack:
    """``servers`` gunicorn app servers and one nginx in front, all on loopback."""

    def __init__(
        self,
        *,
        servers: int,
        env: dict[str, str],
        workers: int = 2,
        threads: int = 1,
        cpus: list[str] | None = None,
        proxy: bool = True,
    ):
        self.count = servers
        # With ``cpus``, app server i runs on CPU cpus[i] only (taskset): one machine each.
        self.cpus = cpus
        # Without ``proxy`` no nginx is started: clients talk to the app servers directly.
        self.proxy = proxy
        self.workers = workers
        self.threads = threads
        self.env = {**os.environ, **env}
        self.workdir = Path(tempfile.mkdtemp(prefix="assembly-stack-"))
        self.processes: list[subprocess.Popen] = []
        self.server_ports: list[int] = []
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def server_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.server_ports[index]}"

    def start(self) -> "Stack":
        try:
            for index in range(self.count):
                port = free_port()
                log = open(self.workdir / f"gunicorn-{index}.log", "wb")  # noqa: SIM115
                pin = ["taskset", "-c", self.cpus[index]] if self.cpus else []
                process = subprocess.Popen(
                    [
                        *pin,
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "-c",
                        str(PROJECT / "deploy" / "gunicorn.conf.py"),
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(self.workers),
                        "--threads",
                        str(self.threads),
                    ],
                    cwd=PROJECT,
                    env={**self.env, "GUNICORN_ACCESS_LOG": ""},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                self.processes.append(process)
                self.server_ports.append(port)
            for index, process in enumerate(self.processes):
                wait_for(f"{self.server_url(index)}/healthz", process=process)
            if not self.proxy:
                return self
            self.port = free_port()
            servers = "\n".join(f"        server 127.0.0.1:{p};" for p in self.server_ports)
            for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (self.workdir / folder).mkdir()
            conf = self.workdir / "nginx.conf"
            conf.write_text(
                NGINX_CONF.format(
                    prefix=self.workdir,
                    servers=servers,
                    port=self.port,
                    proxy_address=PROXY_ADDRESS,
                    nginx_workers=1,
                )
            )
            nginx = subprocess.Popen(
                [NGINX, "-e", str(self.workdir / "error.log")]
                + ["-p", str(self.workdir), "-c", str(conf)],
                stdout=subprocess.DEVNULL,
                stderr=open(self.workdir / "nginx.out", "wb"),  # noqa: SIM115
            )
            self.processes.append(nginx)
            wait_for(f"{self.url}/healthz", process=nginx)
        except BaseException:
            self.stop()
            raise
        return self

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.workdir.glob("*.log"))
        )

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=PROJECT,
        env={**os.environ, **env},
        check=True,
    )
