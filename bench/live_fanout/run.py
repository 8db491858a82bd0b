"""Live fan-out benchmark: N concurrent SSE readers on granian, an editor posting entries, latency and cost.

Starts the production server setup (granian --interface asginl, one worker) on a throwaway database,
opens N event-stream connections from several client processes (raw asyncio streams), posts live
entries through the admin form as an editor would, and reports for each N:
  publish-to-receive latency p50 / p99 / max (from sending the form to the reader seeing the event),
  server RSS per connection, server CPU while readers idle and per published event.
The reference row is N=1 measured in the same run.

    ulimit -n 65536
    python bench/live_fanout/run.py --backend memory --clients 1000,5000,10000
    python bench/live_fanout/run.py --backend redis  --clients 1000,5000,10000
    python bench/live_fanout/run.py --backend postgres --clients 1000,5000,10000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blattwerk.settings.dev")

import django  # noqa: E402

try:
    import uvloop
except ImportError:  # the readers then run on asyncio's own loop
    uvloop = None

django.setup()

from blattwerk.core.management.commands.serve import event_loop, runtime_threads  # noqa: E402
from blattwerk.live.tests.servers import Editor, Server, prepare_site  # noqa: E402

MARK = re.compile(rb"bench-(\d+)\D")
PG_BENCH_DB = "bench_bw_live"


def raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


# -- readers ---------------------------------------------------------------------------------------


class Reader(asyncio.Protocol):
    """One SSE reader, as cheap as a reader can be: no line parsing, just a look for the entry's marker.

    The time is taken when the bytes reach this process (data_received), so the latency is honest:
    from the editor sending the form to the reader having the event.
    """

    def __init__(self, request: bytes, received: dict, connected: list) -> None:
        self.request = request
        self.received = received
        self.connected = connected
        self.head = b""  # until the response head has arrived
        self.tail = b""  # the last bytes of the previous read: a marker may straddle two reads
        self.last_seq = 0
        self.is_connected = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        if self.head is not None:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            if b" 200 " not in self.head[: self.head.find(b"\r\n")]:
                self.transport.close()
                return
            data, self.head = self.head[end + 4 :], None
            self.is_connected = True
            self.connected[0] += 1
        chunk = self.tail + data
        if b"bench-" in chunk:
            for match in MARK.finditer(chunk):
                seq = int(match.group(1))
                if seq > self.last_seq:  # a marker in the overlap with the previous read counts once
                    self.last_seq = seq
                    self.received.setdefault(seq, []).append(now)
        self.tail = chunk[-24:]

    def connection_lost(self, exc) -> None:
        if self.is_connected:
            self.connected[0] -= 1


def client_process(port: int, path: str, count: int, connected_total, stop_event, pipe) -> None:
    raise_fd_limit()
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode()

    async def main() -> None:
        loop = asyncio.get_running_loop()
        received: dict[int, list[float]] = {}
        connected = [0]
        transports = []

        async def connect() -> None:
            with contextlib.suppress(OSError):
                transport, _ = await loop.create_connection(
                    lambda: Reader(request, received, connected), "127.0.0.1", port
                )
                transports.append(transport)

        for start in range(0, count, 250):  # ramp up in batches, as readers arrive over time
            await asyncio.gather(*(connect() for _ in range(min(250, count - start))))
            await asyncio.sleep(0.05)
        last = -1
        while not stop_event.is_set():
            if connected[0] != last:
                with connected_total.get_lock():
                    connected_total.value += connected[0] - max(last, 0)
                last = connected[0]
            await asyncio.sleep(0.1)
        pipe.send(received)
        for transport in transports:
            transport.close()

    if uvloop is not None:
        uvloop.run(main())
    else:
        asyncio.run(main())


# -- server measurements ---------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        pids += process_tree(int(child))
    return pids


def rss_kib(pid: int) -> int:
    total = 0
    for member in process_tree(pid):
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def cpu_seconds(pid: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for member in process_tree(pid):
        fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


# -- one round -------------------------------------------------------------------------------------


def run_round(
    server: Server, live_blog: int, clients: int, events: int, processes: int, editor: Editor, profile: str = ""
) -> dict:
    path = f"/live/stream/?channels=liveblog-{live_blog}"
    baseline_rss = rss_kib(server.process.pid)
    connected_total = multiprocessing.Value("i", 0)
    stop_event = multiprocessing.Event()
    workers, pipes = [], []
    processes = max(1, min(processes, clients))
    for index in range(processes):
        share = clients // processes + (1 if index < clients % processes else 0)
        parent_end, child_end = multiprocessing.Pipe()
        worker = multiprocessing.Process(
            target=client_process, args=(server.port, path, share, connected_total, stop_event, child_end)
        )
        worker.start()
        workers.append(worker)
        pipes.append(parent_end)
    deadline = time.monotonic() + 120 + clients / 50
    while connected_total.value < clients and time.monotonic() < deadline:
        time.sleep(0.25)
    connected = connected_total.value
    time.sleep(2)
    connected_rss = rss_kib(server.process.pid)
    idle_cpu_start = cpu_seconds(server.process.pid)
    time.sleep(5)
    idle_cpu = (cpu_seconds(server.process.pid) - idle_cpu_start) / 5

    sent: dict[int, float] = {}
    profiler = None
    if profile:  # sample the server while it fans out (collapsed stacks, one line per stack)
        py_spy = str(Path(sys.executable).with_name("py-spy"))
        options = ["--subprocesses", "--nonblocking", "--format", "raw", "--rate", "250", "--duration", str(events + 2)]
        profiler = subprocess.Popen(
            [py_spy, "record", "--pid", str(server.process.pid), *options, "-o", profile],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)
    cpu_start = cpu_seconds(server.process.pid)
    seq_base = int(time.time() * 1000) % 10_000_000 * 100
    failed_posts = 0
    for number in range(events):
        seq = seq_base + number
        sent[seq] = time.monotonic()
        try:
            editor.post_entry(live_blog, f"bench-{seq}")
        except OSError as error:  # report it, keep measuring what did get through
            failed_posts += 1
            print(f"  post {number} failed after {time.monotonic() - sent[seq]:.1f} s: {error}", flush=True)
        time.sleep(1.0)
    time.sleep(2)
    publish_cpu = (cpu_seconds(server.process.pid) - cpu_start) / events
    if profiler is not None:
        profiler.wait(timeout=60)

    stop_event.set()
    latencies, delivered = [], 0
    for pipe in pipes:
        received = pipe.recv()
        for seq, times in received.items():
            if seq in sent:
                delivered += len(times)
                latencies += [moment - sent[seq] for moment in times]
    for worker in workers:
        worker.join(timeout=30)
        if worker.is_alive():
            worker.kill()
    time.sleep(3)  # let the server notice the disconnects
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {
        "clients": clients,
        "failed_posts": failed_posts,
        "connected": connected,
        "delivered": f"{delivered}/{connected * events}",
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else float("nan"),
        "rss_mib": connected_rss / 1024,
        "kib_per_conn": (connected_rss - baseline_rss) / max(connected, 1),
        "idle_cpu_pct": idle_cpu * 100,
        "cpu_ms_per_event": publish_cpu * 1000,
        "median_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
    }


def backend_environment(backend: str) -> dict[str, str]:
    environment = {"LIVE_BROADCAST_BACKEND": backend}
    if backend == "redis":
        environment["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
    if backend == "postgres":
        server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        for statement in (f"DROP DATABASE IF EXISTS {PG_BENCH_DB}", f"CREATE DATABASE {PG_BENCH_DB}"):
            subprocess.run(["psql", f"{server}/postgres", "-qc", statement], check=True)
        environment["DATABASE_URL"] = f"{server}/{PG_BENCH_DB}"
    return environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["memory", "postgres", "redis"], default="memory")
    parser.add_argument("--clients", default="1000,5000,10000")
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="granian workers (WEB_WORKERS)")
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], help="granian's event loop (default: as serve)")
    parser.add_argument("--profile", default="", help="py-spy the server during the largest round into this file")
    parser.add_argument("--server-options", default="", help="more granian options, e.g. '--runtime-threads 1'")
    args = parser.parse_args()
    if args.workers > 1 and args.backend == "memory":
        parser.error("--workers > 1 needs --backend redis or postgres: the memory backend stays in one process")
    limit = raise_fd_limit()
    loop = args.loop or event_loop()
    print(f"open-files limit {limit}; backend {args.backend}; {os.cpu_count()} CPUs; loop {loop}")
    loop = f"{loop}, runtime threads {runtime_threads()}"
    var_dir = Path(tempfile.mkdtemp(prefix="bench-live-"))
    environment = backend_environment(args.backend)
    live_blog = prepare_site(var_dir, **environment)
    server = Server(var_dir, workers=args.workers, loop=args.loop, options=args.server_options.split(), **environment)
    try:
        editor = Editor(server.url)
        editor.post_entry(live_blog, "Aufwärmen")
        rows = [run_round(server, live_blog, 1, args.events, 1, editor)]  # the reference, same run
        print(rows[-1], flush=True)
        sizes = [int(value) for value in args.clients.split(",")]
        for clients in sizes:
            profile = args.profile if clients == max(sizes) else ""
            rows.append(run_round(server, live_blog, clients, args.events, args.client_processes, editor, profile))
            print(rows[-1], flush=True)
    finally:
        server.stop()
    header = (
        f"{'readers':>8} {'connected':>9} {'delivered':>15} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'RSS MiB':>8} {'KiB/conn':>9} {'idle CPU%':>9} {'CPU ms/event':>12}"
    )
    print(
        f"\nLive fan-out, backend={args.backend}, granian asginl {args.workers} worker(s), loop {loop} "
        f"{args.server_options}, readers on {'uvloop' if uvloop else 'asyncio'}, {args.events} entries per round"
    )
    print(header)
    for row in rows:
        print(
            f"{row['clients']:>8} {row['connected']:>9} {row['delivered']:>15} {row['p50_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['max_ms']:>8.1f} {row['rss_mib']:>8.1f} {row['kib_per_conn']:>9.1f} "
            f"{row['idle_cpu_pct']:>9.1f} {row['cpu_ms_per_event']:>12.1f}"
        )
    print("(first row: one reader, the reference measured in this run)")


if __name__ == "__main__":
    main()
