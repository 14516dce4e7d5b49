"""A value worked out once and kept for a few minutes, shared by every thread of a process."""
import threading
import time


class Expiring:
    """``build()``'s result, built again when older than ``max_age`` seconds or forgotten."""

    def __init__(self, build, max_age):
        self.build, self.max_age = build, max_age
        self._value, self._built_at = None, 0.0
        self._lock = threading.Lock()

    def get(self):
        with self._lock:
            if self._value is None or time.monotonic() - self._built_at > self.max_age:
                self._value = self.build()
                self._built_at = time.monotonic()
            return self._value

    def forget(self, **_signal_kwargs):
        """Drop the value (usable as a signal receiver)."""
        with self._lock:
            self._value = None
