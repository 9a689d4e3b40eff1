"""Memory of the running stack and what each service image adds over its base image."""

import json
import re
import subprocess

UNITS = {"B": 1 / 2**20, "KiB": 1 / 1024, "MiB": 1, "GiB": 1024, "kB": 1 / 1024, "MB": 1, "GB": 1024}


def _mebibytes(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)\s*([A-Za-z]+)", text.strip())
    if not match:
        raise ValueError(f"unreadable memory figure {text!r}")
    return float(match[1]) * UNITS[match[2]]


def memory_mib(project: str) -> dict[str, float]:
    """Current memory use of each container of the project, in MiB (docker stats, one sample)."""
    ids = subprocess.run(
        ["docker", "ps", "-q", "--filter", f"label=com.docker.compose.project={project}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if not ids:
        return {}
    rows = subprocess.run(
        ["docker", "stats", "--no-stream", "--format", "{{json .}}", *ids],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    usage = {}
    for row in rows:
        stats = json.loads(row)
        name = stats["Name"].removeprefix(f"{project}-").rsplit("-", 1)[0]
        usage[name] = round(_mebibytes(stats["MemUsage"].split("/")[0]), 1)
    return usage


def image_mib(image: str) -> float:
    size = subprocess.run(
        ["docker", "image", "inspect", "-f", "{{.Size}}", image], capture_output=True, text=True, check=True
    ).stdout.strip()
    return int(size) / 2**20


def base_image_of(dockerfile: str) -> str:
    """The runtime stage's FROM: the last FROM line of the Dockerfile."""
    with open(dockerfile) as lines:
        return [line.split()[1] for line in lines if line.upper().startswith("FROM ")][-1]
