"""A progress bar for management commands: the same calls as a job's progress
(`phase(name, total)`, then `(done, total)`), drawn on a terminal in place, or written
as a line every tenth of the way when the output is a log file (cron, systemd)."""

import sys
import time
from typing import Any


class TerminalProgress:
    WIDTH = 30

    def __init__(self, stream: Any = None, label: str = "") -> None:  # a text stream (a command's)
        self.stream = stream or sys.stderr
        self.label = label
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.name, self.done = "", 0
        self.total: int | None = None
        self._drawn = 0.0
        self._last_tenth = -1

    def phase(self, name: str, total: int | None = None) -> None:
        if self.name and self.live:
            self.stream.write("\n")
        self.name, self.done, self.total, self._last_tenth = name, 0, total, -1
        self._draw(force=True)

    def __call__(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        self._draw()

    def finish(self) -> None:
        self._draw(force=self.live)
        if self.live:
            self.stream.write("\n")
        self.stream.flush()

    def _line(self) -> str:
        head = " ".join(part for part in (self.label, self.name) if part)
        if not self.total:
            return f"{head}: {self.done:,}"
        share = min(self.done / self.total, 1.0)
        bar = "#" * round(share * self.WIDTH)
        return f"{head} [{bar:<{self.WIDTH}}] {share:>4.0%} {self.done:,}/{self.total:,}"

    def _draw(self, force: bool = False) -> None:
        if self.live:
            if force or time.monotonic() - self._drawn >= 0.1:
                self._drawn = time.monotonic()
                self.stream.write("\r" + self._line())
                self.stream.flush()
            return
        tenth = int(10 * self.done / self.total) if self.total else -1
        if force or tenth > self._last_tenth:
            self._last_tenth = tenth
            self.stream.write(self._line() + "\n")
            self.stream.flush()
