"""In-memory, thread-safe stores whose entries expire: authorization codes, refresh tokens, sign-in sessions.

Keys are random, unguessable strings. A store holds at most `capacity` entries: when full, expired entries go
first, then the oldest. Nothing survives the process, as nothing of a local run should.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

T = TypeVar("T")


class ExpiringStore(Generic[T]):
    """Values by key, each with its own lifetime in seconds (monotonic clock)."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[str, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, value: T, lifetime_seconds: float) -> None:
        """Keep `value` under `key` for `lifetime_seconds`."""
        with self._lock:
            now = time.monotonic()
            if len(self._entries) >= self.capacity:
                for stale in [k for k, (deadline, _) in self._entries.items() if deadline <= now]:
                    del self._entries[stale]
            while len(self._entries) >= self.capacity:
                self._entries.popitem(last=False)
            self._entries[key] = (now + lifetime_seconds, value)

    def get(self, key: str) -> T | None:
        """The live value under `key`, or None."""
        with self._lock:
            return self._live(key, remove=False)

    def take(self, key: str) -> T | None:
        """The live value under `key`, removed at once (single use), or None."""
        with self._lock:
            return self._live(key, remove=True)

    def discard(self, key: str) -> None:
        """Forget `key`, if present."""
        with self._lock:
            self._entries.pop(key, None)

    def _live(self, key: str, *, remove: bool) -> T | None:
        entry = self._entries.pop(key, None) if remove else self._entries.get(key)
        if entry is None:
            return None
        deadline, value = entry
        if deadline <= time.monotonic():
            self._entries.pop(key, None)
            return None
        return value
