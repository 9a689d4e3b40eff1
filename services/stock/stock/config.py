"""Every setting stock reads, with defaults that work in docker compose.

Stock calls no other service over HTTP, so the common settings (database, broker, contracts, topology,
log level) are all it needs.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from service_kit.wiring import CommonSettings

SERVICE = "stock"


@dataclass(frozen=True)
class Config:
    common: CommonSettings

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "Config":
        return cls(common=CommonSettings.from_env(environ, SERVICE))
