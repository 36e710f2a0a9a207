"""A progress line on stderr for the steps that take more than a second.

Quick steps stay silent, so a small table prints nothing but its report; a slow one
(fitting a forest on a large table, resampling thousands of test rows) says what it
is doing and, when done, how long it took. The report itself goes to stdout, so the
progress never mixes into a saved report.
"""

import sys
import threading
import time
from contextlib import contextmanager

#: Seconds a step runs before its progress line appears.
DELAY = 1.0


class Progress:
    """Announce slow steps on a stream.

    Parameters
    ----------
    stream : file-like, optional
        Where to write; ``sys.stderr`` (as it is when the step starts) when None.
    enabled : bool, default True
        False silences every line (for notebooks and tests).
    delay : float, default :data:`DELAY`
        Seconds before a running step is announced.
    """

    def __init__(self, stream=None, *, enabled=True, delay=DELAY):
        self.stream = stream
        self.enabled = enabled
        self.delay = delay

    @contextmanager
    def step(self, label):
        """Run the body; if it lasts longer than the delay, say so, then how long it took."""
        if not self.enabled:
            yield
            return
        stream = self.stream or sys.stderr
        start = time.perf_counter()
        announced = threading.Event()

        def announce():
            stream.write(f"clinic: {label}... ")
            stream.flush()
            announced.set()

        timer = threading.Timer(self.delay, announce)
        timer.daemon = True
        timer.start()
        outcome = "stopped"
        try:
            yield
            outcome = f"done in {time.perf_counter() - start:.1f} s"
        finally:
            timer.cancel()
            timer.join()  # an announcement under way finishes before the outcome is written
            if announced.is_set():
                stream.write(outcome + "\n")
                stream.flush()
