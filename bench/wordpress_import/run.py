"""WordPress import benchmark: articles per second and peak memory for a generated WXR export.

    python bench/wordpress_import/run.py [--posts 10000]

Runs against a fresh SQLite database in a temporary directory (the demo site is loaded first so
there is a home page, like a real site). References measured in the same run: the streaming
read of the same file alone (what the parser costs) and a whole-tree lxml parse (the memory a
non-streaming importer would need).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def peak_rss_mb() -> float:
    """VmHWM: this process's peak resident memory (unlike ru_maxrss it is not inherited across exec)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


PROBE = """
import sys, time
sys.path.insert(0, {root!r})
from lxml import etree
started = time.perf_counter()
items = 0
if {mode!r} == "scan":
    from blattwerk.importers.wxr import read_wxr
    items = sum(1 for record in read_wxr({path!r}) if record.kind == "item")
elif {mode!r} == "tree":
    tree = etree.parse({path!r})
    items = len(tree.findall(".//item"))
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(int(hwm.split()[1]) / 1024, time.perf_counter() - started, items)
"""


def measure_in_subprocess(mode: str, path: Path) -> tuple[float, float, int]:
    code = PROBE.format(root=str(ROOT), mode=mode, path=str(path))
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    rss, seconds, items = output.split()
    return float(rss), float(seconds), int(items)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000, help="posts in the export (parser and memory figures)")
    parser.add_argument(
        "--import-posts", type=int, help="posts actually imported into the database (default: all of --posts)"
    )
    args = parser.parse_args()
    import_posts = args.import_posts or args.posts
    workdir = Path(tempfile.mkdtemp(prefix="blattwerk-bench-wp-"))
    os.environ["BLATTWERK_VAR_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "blattwerk.settings.dev"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("DATABASE_URL", None)

    from generate import generate

    export = generate(workdir / "export.xml", args.posts)
    size_mb = export.stat().st_size / 1024 / 1024
    print(f"Export: {args.posts} posts, {size_mb:.1f} MB ({export})")

    import django

    django.setup()
    from django.core.management import call_command

    from blattwerk.importers.wordpress import WordPressImporter, scan
    from blattwerk.news.models import ArticlePage

    # References, each in a fresh process so its peak RSS is its own.
    scan_rss, scan_seconds, items = measure_in_subprocess("scan", export)
    tree_rss, tree_seconds, _ = measure_in_subprocess("tree", export)
    baseline_rss, _, _ = measure_in_subprocess("baseline", export)
    to_import = export if import_posts == args.posts else generate(workdir / "import.xml", import_posts)
    _items, attachments = scan(to_import)

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    before = ArticlePage.objects.count()
    rss_before = peak_rss_mb()
    last_item = [0.0]
    slices: list[float] = []  # articles/s per 1,000 items: does the per-article cost grow with the archive?
    state = {"count": 0, "slice_start": 0.0}

    def progress() -> None:
        now = time.perf_counter()
        last_item[0] = now
        state["count"] += 1
        if state["count"] % 1000 == 0:
            slices.append(1000 / (now - state["slice_start"]))
            state["slice_start"] = now

    started = time.perf_counter()
    state["slice_start"] = started
    report = WordPressImporter(to_import, progress=progress).run(attachments)
    seconds = time.perf_counter() - started
    # After the last item: the deferred bulk work (related lists, search index) and the commit.
    catch_up = started + seconds - last_item[0]
    imported = ArticlePage.objects.count() - before
    rss_after = peak_rss_mb()

    print(f"Python + lxml baseline process: peak RSS {baseline_rss:.0f} MB")
    print(f"Streaming read only (import's parser): {items / scan_seconds:,.0f} items/s, peak RSS {scan_rss:.0f} MB")
    print(f"Whole-tree lxml parse (reference): {tree_seconds:.1f} s, peak RSS {tree_rss:.0f} MB")
    print(f"Import: {imported} articles in {seconds:.1f} s = {imported / seconds:.1f} articles/s")
    print(f"  of which after the last item (bulk related lists + search index, commit): {catch_up:.1f} s")
    print("  articles/s per 1,000 items: " + ", ".join(f"{rate:.1f}" for rate in slices))
    print(f"Peak RSS: {rss_after:.0f} MB (before import {rss_before:.0f} MB)")
    print("\n".join(report.lines()[:6]))
    print(f"Python {sys.version.split()[0]}, SQLite, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
