"""Timing and memory helpers shared by the benchmarks."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Timing:
    p50_ms: float
    p95_ms: float
    runs: int

    def __str__(self) -> str:
        return f"{self.p50_ms:.1f} / {self.p95_ms:.1f}"


def timed(fn: Callable[[], object], runs: int, warmup: int = 2) -> Timing:
    """p50 and p95 wall time of ``fn`` over ``runs`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return timing(samples)


def in_turn(calls: Sequence[Callable[[int], object]], runs: int, warmup: int) -> list[Timing]:
    """p50 and p95 of each call, the calls timed one after the other, run after run (each is
    given the run's number), after ``warmup`` untimed runs: every call meets the same load on
    the machine, so their ratios are not a drift between runs minutes apart."""
    samples: list[list[float]] = [[] for _ in calls]
    for run in range(warmup + runs):
        for call, kept in zip(calls, samples, strict=True):
            start = time.perf_counter()
            call(run)
            if run >= warmup:
                kept.append((time.perf_counter() - start) * 1000)
    return [timing(kept) for kept in samples]


def timing(samples_ms: list[float]) -> Timing:
    """p50 and p95 of these wall times."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return Timing(statistics.median(ordered), p95, len(ordered))


def seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
