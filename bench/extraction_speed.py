"""Extraction speed: MB/s on the 1.4 MB Illinois omnibus and on adversarial texts at doubling sizes.

Linear time is the point: each doubling of an adversarial text (one long line,
lists of colons, "shall" repeated) should about double the time. A size that
takes longer than ``budget`` seconds is stopped (each size runs in a child process), and
the row says so.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from .measure import Row, not_available, rate

OMNIBUS = "bill_texts/IL_HB2949_104th_PA104-0466_FY2027_Budget_Implementation_Act.txt"
SIZES_KB = (16, 32, 64, 128, 256, 512, 1024)
QUICK_SIZES_KB = SIZES_KB[:4]
ADVERSARIAL = {
    "one line of duties": "A developer shall report the incident to the Attorney General and ",
    "lists of colons": "(a) the developer shall do all of the following: (1) publish: (2) report: ",
    'repeated "shall"': "shall shall shall shall shall shall shall shall shall shall shall shall ",
}


def omnibus(corpus: Path) -> Row:
    from bills.extraction import extract

    path = corpus / OMNIBUS
    if not path.exists():
        return not_available("extraction: IL omnibus", "1.4 MB", f"no {path}")
    text = path.read_text(errors="replace")
    size = len(text.encode()) / 1e6
    started = time.perf_counter()
    found = extract(text)
    seconds = time.perf_counter() - started
    note = f"{size:.2f} MB in {seconds:.2f} s, {len(found)} obligations"
    return rate("extraction: IL HB 2949 omnibus", f"{size:.1f} MB", size, seconds, "MB/s", note)


def adversarial(budget: float = 20.0, sizes_kb: tuple[int, ...] = SIZES_KB) -> list[Row]:
    """Each series doubles until a size takes longer than ``budget`` (then it is stopped)."""
    rows = []
    for name, unit in ADVERSARIAL.items():
        for kb in sizes_kb:
            text = (unit * (kb * 1024 // len(unit) + 1))[: kb * 1024]
            seconds = _timed_in_child(text, budget)
            what, scale = f"extraction: adversarial, {name}", f"{kb} KB"
            if seconds is None:
                rows.append(Row(what, scale, note=f"stopped: over {budget:.0f} s"))
                break
            rows.append(rate(what, scale, kb / 1024, seconds, "MB/s", f"{seconds:.2f} s"))
    return rows


def _timed_in_child(text: str, budget: float) -> float | None:
    """Seconds to extract ``text`` in a child process, or None when it ran past ``budget``."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_extract_timed, args=(text, queue))
    child.start()
    child.join(budget)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return queue.get(timeout=5)


def _extract_timed(text: str, queue) -> None:
    from bills.extraction import extract

    started = time.perf_counter()
    extract(text)
    queue.put(time.perf_counter() - started)
