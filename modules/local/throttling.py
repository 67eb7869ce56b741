"""Stage throttling: one token bucket per route, as the stage's default (or per-route) settings declare.

A bucket holds `burst_limit` tokens, starts full and refills at `rate_limit` tokens per second; a request
takes one token or is refused with 429 `{"message":"Too Many Requests"}`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from modules.local.description import Throttling


class TokenBucket:
    """A thread-safe token bucket."""

    def __init__(self, limits: Throttling, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(limits.burst_limit)
        self.rate = float(limits.rate_limit)
        self._clock = clock
        self._tokens = self.capacity
        self._updated = clock()
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Take one token; False when the bucket is empty (the request is throttled)."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            if self._tokens < 1:
                return False
            self._tokens -= 1
            return True


class StageThrottle:
    """The buckets of a stage, by route key; a route without limits is never throttled."""

    def __init__(self, limits: dict[str, Throttling | None], clock: Callable[[], float] = time.monotonic) -> None:
        self._buckets = {key: TokenBucket(value, clock) for key, value in limits.items() if value is not None}

    def allow(self, route_key: str) -> bool:
        """Whether a request on `route_key` may proceed now."""
        bucket = self._buckets.get(route_key)
        return bucket is None or bucket.take()
