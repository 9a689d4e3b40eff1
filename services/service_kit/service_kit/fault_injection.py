"""A deliberate, documented fault for one drill: the consumer dies between its commit and its ack.

Off unless `CRASH_AFTER_COMMIT_ONCE` names a crash (letters, digits, `.`, `_`, `-`). The consumer then
kills its own process with SIGKILL, as the kernel's OOM killer would, right after the transaction of
the next message it handles has committed and before that message is acked. The broker hands the
message out again; the inbox recognises it, the log says "duplicate ... ignored: already processed",
and the effect stays single. A marker file beside the database remembers the crash by its name, so
the process that gunicorn starts next does not crash again, and a new name arms it once more.
"""

import logging
import os
import re
import signal
from pathlib import Path

from service_kit.settings import ConfigurationError

ENV_VAR = "CRASH_AFTER_COMMIT_ONCE"
_NAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
log = logging.getLogger(__name__)


class CrashAfterCommit:
    def __init__(self, name: str, marker_folder: Path):
        if not _NAME.match(name):
            raise ConfigurationError(f"{ENV_VAR} must be 1-64 letters, digits, '.', '_' or '-', got {name!r}")
        self.name = name
        self.marker = marker_folder / f"crashed-after-commit-{name}"

    @classmethod
    def from_setting(cls, name: str, database_path: str) -> "CrashAfterCommit | None":
        """None (the default, and for an in-memory database): the switch is off."""
        if not name or database_path == ":memory:":
            return None
        return cls(name, Path(database_path).resolve().parent)

    def after_commit(self, message_id: str | None, event_type: str | None) -> None:
        if self.marker.exists():
            return
        self.marker.write_text(f"{event_type} {message_id}\n")
        log.warning(
            "fault injection %s=%s: %s %s is committed; killing this process before its ack",
            ENV_VAR,
            self.name,
            event_type,
            message_id,
            extra={"message_id": message_id, "event_type": event_type},
        )
        for handler in logging.getLogger().handlers:
            handler.flush()
        os.kill(os.getpid(), signal.SIGKILL)
