"""A circuit breaker: stop asking a server that is not answering, and ask again later.

    breaker = CircuitBreaker(failures_to_open=3, cool_down=15)
    if breaker.allow(probe=ping):        # False while open: answer some other way at once
        try:
            answer = ask()
        except TimeoutError:
            breaker.failed(timeout=True)   # a timeout opens it at once: nobody waits twice
        else:
            breaker.succeeded()

Closed, it lets every call through and counts failures in a row; a timeout, or
``failures_to_open`` quick failures, open it. Open, it refuses every call for ``cool_down``
seconds. Then one caller runs ``probe`` (a cheap request with a short timeout): if that
succeeds the breaker closes, otherwise it stays open for another cool-down. Other callers
are refused while the probe runs. Thread-safe; one breaker per process and server.
"""
import threading
import time

CLOSED = "closed"
OPEN = "open"
PROBING = "probing"


class CircuitBreaker:
    def __init__(self, failures_to_open=3, cool_down=15.0, clock=time.monotonic):
        self.failures_to_open = failures_to_open
        self.cool_down = cool_down
        self._clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self.state = CLOSED
        self.failures = 0
        self.opened_at = None
        self.last_error = ""

    @property
    def retry_in(self):
        """Seconds until the next probe (0 when closed)."""
        if self.state == CLOSED or self.opened_at is None:
            return 0.0
        return max(0.0, self.opened_at + self.cool_down - self._clock())

    def allow(self, probe=None):
        """Whether to make the call now. ``probe()`` returns truthy if the server answers."""
        with self._lock:
            if self.state == CLOSED:
                return True
            if self.state == PROBING or self._clock() < self.opened_at + self.cool_down:
                return False
            self.state = PROBING
        answered = False
        try:
            answered = bool(probe()) if probe else True
        except Exception as error:  # the probe failing is the answer, whatever it raised
            self.last_error = f"{type(error).__name__}: {error}"
        with self._lock:
            if answered:
                self.state, self.failures, self.opened_at = CLOSED, 0, None
            else:
                self.state, self.opened_at = OPEN, self._clock()
        return answered

    def succeeded(self):
        with self._lock:
            self.state, self.failures, self.opened_at = CLOSED, 0, None

    def failed(self, error="", timeout=False):
        with self._lock:
            self.failures += 1
            self.last_error = str(error)[:500]
            if timeout or self.failures >= self.failures_to_open:
                self.state, self.opened_at = OPEN, self._clock()
