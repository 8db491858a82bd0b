"""Benchmark: how fast readers get an article page, against nginx serving the same HTML as a file.

Measures, in one run on this machine, with wrk:
  1. nginx serving the article's HTML from a file (the reference),
  2. granian + Blattwerk, page-cache hit (Python answers, Django not entered),
  3. nginx front cache (deploy/nginx/blattwerk.conf) in front of granian,
  4. granian + Blattwerk rendering every request (page cache off, for scale).

Usage: .venv/bin/python bench/page_serving/run.py [--seconds 10] [--connections 64] [--workers 1]
Needs nginx and wrk (Debian packages `nginx-light`, `wrk`).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
ARTICLE = "/politik/haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    last: Exception | None = None
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError as error:
            last = error
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not come up: {last}")


def wrk(url: str, seconds: int, connections: int, headers: list[str] | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for header in headers or []:
        command += ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", output))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50": percentiles.get("50"),
        "p99": percentiles.get("99"),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is missing: apt-get install -y nginx-light wrk")

    work = Path(tempfile.mkdtemp(prefix="blattwerk-bench-"))
    work.chmod(0o755)  # nginx workers run as an unprivileged user
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blattwerk.settings.production",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BLATTWERK_VAR_DIR": str(work / "var"),
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
    }
    manage = [PYTHON, str(ROOT / "manage.py")]
    print("Preparing a demo database …", flush=True)
    for step in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo", "-v0"]):
        subprocess.run([*manage, *step], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    app_port, static_port, front_port = free_port(), free_port(), free_port()
    granian = [
        str(Path(PYTHON).with_name("granian")),
        "--interface",
        "asginl",
        "--host",
        "127.0.0.1",
        "--port",
        str(app_port),
        "--workers",
        str(args.workers),
        "--no-ws",
        "--log-level",
        "warning",
        "blattwerk.asgi:application",
    ]
    processes = []
    try:
        server = subprocess.Popen(granian, env=env, cwd=ROOT)
        processes.append(server)
        app = f"http://127.0.0.1:{app_port}"
        wait_for(app + "/")
        html = urllib.request.urlopen(app + ARTICLE).read()
        (work / "html").mkdir()
        (work / "html" / "index.html").write_bytes(html)

        template = (ROOT / "deploy/nginx/blattwerk.conf").read_text()
        site = (
            template.replace("@LISTEN@", f"127.0.0.1:{front_port}")
            .replace("@UPSTREAM@", f"127.0.0.1:{app_port}")
            .replace("@STATIC_ROOT@", str(work / "var/static"))
            .replace("@MEDIA_ROOT@", str(work / "var/media"))
            .replace("@CACHE_DIR@", str(work / "nginx-cache"))
        )
        conf = f"""
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    default_type text/html;
    client_body_temp_path {work}/nginx-tmp;
    proxy_temp_path {work}/nginx-tmp;
    server {{
        listen 127.0.0.1:{static_port};
        location / {{ root {work}/html; try_files /index.html =404; }}
    }}
    {site}
}}
"""
        (work / "nginx.conf").write_text(conf)
        (work / "nginx-tmp").mkdir()
        nginx = subprocess.Popen(["nginx", "-c", str(work / "nginx.conf"), "-g", "daemon off;"])
        processes.append(nginx)
        wait_for(f"http://127.0.0.1:{static_port}/")
        wait_for(f"http://127.0.0.1:{front_port}{ARTICLE}")

        seconds, conns = args.seconds, args.connections
        results = {}
        print(f"wrk: 2 threads, {conns} connections, {seconds} s each; article page of {len(html):,} bytes", flush=True)
        results["nginx file (reference)"] = wrk(f"http://127.0.0.1:{static_port}/", seconds, conns)
        results["granian + page cache hit"] = wrk(app + ARTICLE, seconds, conns)
        results["nginx front cache → granian"] = wrk(f"http://127.0.0.1:{front_port}{ARTICLE}", seconds, conns)
        # A session cookie makes every request private: Django renders the page each time.
        results["granian, rendered every request"] = wrk(
            app + ARTICLE, seconds, min(conns, 16), ["Cookie: sessionid=bench"]
        )

        reference = results["nginx file (reference)"]["rps"]
        print(f"\n{'setup':36} {'req/s':>10} {'p50':>9} {'p99':>9} {'vs nginx':>9} {'vs Ghost':>9}")
        for name, figures in results.items():
            print(
                f"{name:36} {figures['rps']:>10,.0f} {figures['p50']:>9} {figures['p99']:>9} "
                f"{figures['rps'] / reference:>8.0%} {figures['rps'] / 70:>8.0f}×"
                + (f"  ({figures['non2xx']} non-2xx)" if figures["non2xx"] else "")
            )
        print("\n(Ghost 6 article page on this machine class: about 70 req/s, per the project brief.)")
        out = ROOT / "bench/results"
        out.mkdir(exist_ok=True)
        (out / "page_serving.json").write_text(json.dumps(results, indent=2))
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
