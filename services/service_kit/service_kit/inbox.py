"""The inbox: ids of messages already handled, recorded in the same transaction as their effect.

At-least-once delivery plus this table gives an exactly-once effect.
"""

import sqlite3

from service_kit.envelope import utc_now

SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox (
    message_id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    processed_at TEXT NOT NULL
);
"""


def already_processed(connection: sqlite3.Connection, message_id: str) -> bool:
    row = connection.execute("SELECT 1 FROM inbox WHERE message_id = ?", (message_id,)).fetchone()
    return row is not None


def record(connection: sqlite3.Connection, message_id: str, event_type: str) -> None:
    connection.execute(
        "INSERT INTO inbox (message_id, type, processed_at) VALUES (?, ?, ?)",
        (message_id, event_type, utc_now()),
    )
