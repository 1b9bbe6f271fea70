"""The place the index lives in: writable, full, locked, being ingested. Faults of the storage (not
of the index itself) get a message that says what happened and what to do; none of them is ever
mistaken for a corrupted index."""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from .errors import StoreError
from .settings import Settings


WRITE_CHECK = ".write-check-"  # prefixes of the probe files below (a copy of the index skips them)
SPACE_CHECK = ".space-check-"


def store_file(s: Settings) -> Path:
    return s.index_dir / "chroma.sqlite3"


def ingest_lock(s: Settings) -> Path:
    """The file lock one ingest at a time holds on an index."""
    return s.index_dir / ".ingest.lock"


def is_writable(folder: Path) -> bool:
    """Really writable (a read-only mount, permissions, a full disk): try it."""
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=WRITE_CHECK)
        os.close(fd)
        os.unlink(name)
        return True
    except OSError:
        return False


def out_of_space(folder: Path, probe_bytes: int = 4 << 20) -> bool:
    """Whether writing a few MB in `folder` fails for lack of space (Chroma's own errors on a full
    disk do not always say so, e.g. "Failed to apply logs to the metadata segment"). Only written
    when the free space reported is low, so a healthy start-up writes nothing."""
    try:
        if shutil.disk_usage(folder).free > 16 * probe_bytes:
            return False
    except OSError:
        pass
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=SPACE_CHECK) as f:
            f.write(b"\0" * probe_bytes)
            f.flush()
            os.fsync(f.fileno())
        return False
    except OSError as exc:
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def read_only_message(s: Settings) -> str:
    return f"the index at {s.index_dir} is read-only: adding or rebuilding papers needs write access to it"


def _is_lock_error(text: str) -> bool:
    return "database is locked" in text or "database is busy" in text


def store_fault(exc: BaseException, s: Settings) -> str | None:
    """A message for faults of the place the index lives in (not of the index itself), else None."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    where = s.index_dir
    if (code == errno.ENOSPC or "disk is full" in text or "no space left" in text
            or (s.chroma_mode == "persistent" and where.is_dir() and out_of_space(where))):
        return (f"the disk holding the index ({where}) is full: free some space and run "
                "`python -m assistant ingest` again; the papers already indexed are kept")
    if (code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text
            or "permission denied" in text or "os error 13" in text or "os error 30" in text):
        return read_only_message(s)
    if _is_lock_error(text):
        return (f"the index at {where} is locked by another process (an ingest, or another tool holding "
                "its database): try again when it has finished")
    return None


def check_unlocked(s: Settings) -> None:
    """Wait (at most `lock_wait_s`) for another process's write lock on the store's database.
    Chroma itself would wait without bound, and the app would hang at start-up."""
    f = store_file(s)
    if s.chroma_mode != "persistent" or not f.exists():
        return
    try:
        con = sqlite3.connect(f"file:{f}?mode=rw", uri=True, timeout=s.lock_wait_s)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.rollback()
        finally:
            con.close()
    except sqlite3.Error as exc:
        if _is_lock_error(str(exc).lower()):
            raise StoreError(store_fault(exc, s) or f"the index at {s.index_dir} is locked") from exc
        # anything else (e.g. a corrupted file) is for the caller's open to find and handle


def ingest_running(s: Settings) -> bool:
    """Whether another process holds this index's ingest lock."""
    from filelock import FileLock, Timeout

    lock = ingest_lock(s)
    if not lock.exists():
        return False
    try:
        with FileLock(str(lock), timeout=0):
            return False
    except Timeout:
        return True
    except OSError:
        return False
