"""Every setting catalog reads, with defaults that work in docker compose."""

from collections.abc import Mapping
from dataclasses import dataclass

from service_kit.wiring import CommonSettings

SERVICE = "catalog"


@dataclass(frozen=True)
class Config:
    common: CommonSettings

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "Config":
        return cls(common=CommonSettings.from_env(environ, SERVICE))
