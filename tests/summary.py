"""Figures the fault, fuzz and load tests report: printed at the end of every test run.

A test calls ``report("FAULT worker-killed: ...")``; ``pytest_terminal_summary`` in
conftest prints every line under "faults, fuzz and load", so CI's log shows the
faults injected, inputs tried and requests served without ``-s``.
"""

from __future__ import annotations

LINES: list[str] = []


def report(line: str) -> None:
    LINES.append(line)
