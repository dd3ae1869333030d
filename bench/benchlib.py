"""Small helpers shared by the bench/ scripts: the repository root, the machine, and plain-text tables.

Bench scripts run as ``python bench/SCRIPT.py`` (this folder is then on sys.path, so ``import benchlib``
works); the repository is put on sys.path too, so they import this checkout's ``instructor`` and ``course``.
``ROOT`` is the course root, ``course.paths.COURSE_ROOT``.
"""
from __future__ import annotations

import datetime as _dt
import os
import platform
import sys
import time
from pathlib import Path

_REPOSITORY = str(Path(__file__).resolve().parent.parent)  # the folder around bench/, to import course/ from
if _REPOSITORY not in sys.path:
    sys.path.insert(0, _REPOSITORY)

from course.paths import COURSE_ROOT  # noqa: E402

ROOT = COURSE_ROOT  # the name the bench scripts use


def log(*args) -> None:
    """Progress for the person watching (stderr); the figures themselves go to stdout."""
    print("[bench]", *args, file=sys.stderr, flush=True)


def now() -> str:
    return _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


def load() -> str:
    """The 1, 5 and 15 minute load averages, e.g. '0.52 0.40 0.31' (how busy the machine was)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # not available on this platform
        return "n/a"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return "n/a"


def machine_lines() -> list[str]:
    """A few lines that say which machine a figure was measured on."""
    return [
        f"cpu: {_cpu_model()}, {os.cpu_count()} logical cores; memory {_memory_gib()}",
        f"os: {platform.platform()}; python {platform.python_version()}",
        f"load average (1/5/15 min) when measured: {load()}",
    ]


class Stopwatch:
    """``with Stopwatch() as sw: ...`` then ``sw.seconds`` (wall time, perf_counter)."""

    def __enter__(self):
        self._t0 = time.perf_counter()
        self.seconds = float("nan")
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._t0
        return False


def table(header: list[str], rows: list[list], align: str | None = None) -> str:
    """A plain-text table; ``align`` is one character per column, 'l' or 'r' (default: first l, rest r)."""
    cells = [[str(h) for h in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    align = align or "l" + "r" * (len(header) - 1)

    def fmt(row):
        return "  ".join(c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(row, widths, align)).rstrip()

    lines = [fmt(cells[0]), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in cells[1:]]
    return "\n".join(lines)


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def disk_usage(path: Path) -> tuple[int, int, int]:
    """(bytes on disk, apparent bytes, number of files) under ``path``; hard links counted once."""
    seen = set()
    on_disk = apparent = files = 0
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            on_disk += getattr(st, "st_blocks", 0) * 512
            apparent += st.st_size
            files += name in filenames
    return on_disk, apparent, files
