"""The unit of work: one database transaction holding a state change and the events it causes.

A service subclasses it to open its repositories on the transaction's connection. Application handlers
depend only on what the subclass exposes, so unit tests hand them a fake with the same attributes.
"""

import sqlite3
from typing import Any

from service_kit.database import Database
from service_kit.outbox import Outbox


class SqliteUnitOfWork:
    connection: sqlite3.Connection

    def __init__(self, database: Database, outbox: Outbox | None = None):
        self._database = database
        self._outbox = outbox
        self._transaction = None
        self.published: list[dict[str, Any]] = []

    def open_repositories(self, connection: sqlite3.Connection) -> None:
        """Subclasses attach their repositories here."""

    def publish(self, event_type: str, data: dict[str, Any], version: int = 1) -> None:
        if self._outbox is None:
            raise RuntimeError("this unit of work has no outbox: the service publishes nothing")
        self.published.append(self._outbox.append(self.connection, event_type, data, version))

    def __enter__(self):
        self.published = []
        self._transaction = self._database.transaction()
        self.connection = self._transaction.__enter__()
        self.open_repositories(self.connection)
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        try:
            return bool(self._transaction.__exit__(exc_type, exc, traceback))
        finally:
            if exc_type is None and self.published and self._outbox is not None:
                self._outbox.committed()
