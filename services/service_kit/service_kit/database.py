"""A service's own SQLite database: short transactions, WAL mode, one connection per thread.

Connections are never shared between threads: each thread keeps its own open for its lifetime. Opening
and closing one per transaction would be simpler, but closing the last connection to a WAL database
checkpoints it, which cost about a millisecond on every message. Writers take the lock up front
(BEGIN IMMEDIATE) so two writers queue instead of deadlocking.
"""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 10.0


def sqlite_path(database_url: str) -> str:
    """`sqlite:////data/sales.db` is an absolute path, `sqlite:///sales.db` a relative one."""
    prefix = "sqlite:///"
    if not database_url.startswith(prefix):
        raise ValueError(f"only sqlite:/// URLs are supported, got {database_url!r}")
    return database_url[len(prefix) :]


class Database:
    def __init__(self, database_url: str):
        self.path = sqlite_path(database_url)
        self._local = threading.local()
        # Writers of this process queue here, where a waiting thread wakes the moment the lock is free.
        # Left to SQLite, a blocked writer sleeps in growing steps (up to 100 ms) before it tries again.
        self._write_lock = threading.RLock()  # re-entered, a nested BEGIN fails loudly instead of hanging

    def _thread_connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self.connect()
        return connection

    def connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
        # NORMAL is durable in WAL mode across application crashes; only a power loss can lose the last commit.
        connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    def migrate(self, *scripts: str) -> None:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        connection = self.connect()
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            for script in scripts:
                connection.executescript(script)
        finally:
            connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        connection = self._thread_connection()
        with self._write_lock:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        yield self._thread_connection()

    def is_available(self) -> bool:
        """Asked on a fresh connection: a thread's open one would not notice its file vanishing."""
        try:
            # exists() raises, rather than answers, when the folder cannot be read (PermissionError).
            if self.path != ":memory:" and not Path(self.path).exists():
                return False
            connection = self.connect()
            try:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                connection.close()
            return True
        except (sqlite3.Error, OSError):
            return False
