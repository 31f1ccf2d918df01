"""The SQLite count cache keeps rate-limit counts that every process shares, without losing an increment."""

import multiprocessing

from pirs_portal.countcache import SharedCountCache


def cache_at(path) -> SharedCountCache:
    return SharedCountCache(str(path), {"KEY_PREFIX": "test"})


def count_many(path, times: int) -> None:
    cache = cache_at(path)
    for _ in range(times):
        cache.add("hits", 0, 60)
        cache.incr("hits")


def test_increments_from_several_processes_at_once_are_all_counted(tmp_path):
    path = tmp_path / "limits.sqlite3"
    workers = [multiprocessing.get_context("spawn").Process(target=count_many, args=(path, 200)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert cache_at(path).get("hits") == 800


def test_a_count_expires_and_starts_again(tmp_path, monkeypatch):
    import pirs_portal.countcache as countcache

    cache = cache_at(tmp_path / "limits.sqlite3")
    now = [1_000.0]
    monkeypatch.setattr(countcache.time, "time", lambda: now[0])
    assert cache.add("k", 1, 10) is True
    assert cache.add("k", 1, 10) is False, "a live count is not replaced"
    assert cache.incr("k") == 2
    now[0] += 11
    assert cache.get("k") is None
    assert cache.add("k", 1, 10) is True and cache.get("k") == 1


def test_a_count_file_removed_while_running_is_made_again_and_shared(tmp_path):
    path = tmp_path / "limits.sqlite3"
    old_worker, new_worker = cache_at(path), cache_at(path)
    old_worker.add("hits", 0, 60)
    old_worker.incr("hits")
    for leftover in tmp_path.glob("limits.sqlite3*"):
        leftover.unlink()
    new_worker.add("hits", 0, 60)
    new_worker.incr("hits")
    old_worker.add("hits", 0, 60)
    assert old_worker.incr("hits") == 2, "the old worker counts in the new file with the new one"
