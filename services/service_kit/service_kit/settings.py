"""Reading configuration from the environment: the only source of configuration a service has."""

import os
from collections.abc import Mapping


class ConfigurationError(ValueError):
    pass


def text(environ: Mapping[str, str], name: str, default: str) -> str:
    return environ.get(name, default)


def integer(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be an integer, got {raw!r}") from error


def number(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be a number, got {raw!r}") from error


def process_environment() -> Mapping[str, str]:
    return os.environ
