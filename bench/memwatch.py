"""Memory of a benchmark's process tree, sampled in a thread, per step.

``MemoryWatch(pss=True)`` sums PSS over this process and its descendants (pages shared after
a fork counted once, split between the processes that share them; RSS where PSS is not
available); ``pss=False`` sums RSS, cheaper to read when a tree has many processes. Each
``mark(step)`` closes the current step (its wall and CPU seconds) and starts the next.
"""

from __future__ import annotations

import threading
import time

import psutil


class MemoryWatch:
    """Peak memory of the whole process tree per step, the largest single process, and this
    process's own peak RSS; wall and CPU seconds per step."""

    def __init__(self, every: float = 0.5, pss: bool = False) -> None:
        self.proc = psutil.Process()
        self.every = every
        self.pss = pss
        self.step = "start"
        self.peaks: dict[str, int] = {}
        self.largest_process = 0
        self.main_peak = 0
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._t = time.perf_counter()
        self._cpu = self._cpu_now()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _one(self, p: psutil.Process) -> int:
        if self.pss:
            info = p.memory_full_info()
            return getattr(info, "pss", info.rss)
        return p.memory_info().rss

    def rss(self) -> int:
        """Memory of the tree now (PSS or RSS, see the class)."""
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                one = self._one(p)
            except psutil.Error:  # a worker that just exited
                continue
            total += one
            self.largest_process = max(self.largest_process, one)
        return total

    def sample(self) -> None:
        """Record one sample in the current step."""
        total = self.rss()
        try:
            main = self.proc.memory_info().rss
        except psutil.Error:
            main = 0
        with self._lock:
            self.peaks[self.step] = max(self.peaks.get(self.step, 0), total)
            self.main_peak = max(self.main_peak, main)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            time.sleep(self.every)

    def _cpu_now(self) -> float:
        # workers joined at the end of a step count in children_*
        t = self.proc.cpu_times()
        return t.user + t.system + t.children_user + t.children_system

    def mark(self, step: str) -> None:
        """End the current step and start ``step``."""
        self.sample()
        now, cpu = time.perf_counter(), self._cpu_now()
        with self._lock:
            self.seconds[self.step] = self.seconds.get(self.step, 0.0) + now - self._t
            self.cpu[self.step] = self.cpu.get(self.step, 0.0) + cpu - self._cpu
            self._t, self._cpu = now, cpu
            self.step = step
        self.sample()

    def stop(self) -> None:
        """End the last step and the sampling thread."""
        self.mark("done")
        self._stop.set()
        self._thread.join()
