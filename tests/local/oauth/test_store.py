"""The expiring in-memory store: lifetimes, single use, capacity."""

from __future__ import annotations

from modules.local.oauth.store import ExpiringStore


def test_values_live_for_their_lifetime_and_take_is_single_use() -> None:
    store: ExpiringStore[str] = ExpiringStore()
    store.put("a", "alpha", 3600)
    store.put("gone", "expired", 0)
    assert store.get("a") == "alpha"
    assert store.get("a") == "alpha"
    assert store.get("gone") is None
    assert store.take("a") == "alpha"
    assert store.take("a") is None
    assert store.get("missing") is None


def test_discard_forgets_a_key() -> None:
    store: ExpiringStore[int] = ExpiringStore()
    store.put("k", 1, 3600)
    store.discard("k")
    store.discard("never-there")
    assert store.get("k") is None


def test_a_full_store_drops_expired_entries_first_then_the_oldest() -> None:
    store: ExpiringStore[int] = ExpiringStore(capacity=3)
    store.put("old", 1, 3600)
    store.put("expired", 2, 0)
    store.put("new", 3, 3600)
    store.put("newer", 4, 3600)  # full: the expired entry makes room
    assert [store.get(key) for key in ("old", "new", "newer")] == [1, 3, 4]
    store.put("newest", 5, 3600)  # full, nothing expired: the oldest goes
    assert store.get("old") is None
    assert [store.get(key) for key in ("new", "newer", "newest")] == [3, 4, 5]
