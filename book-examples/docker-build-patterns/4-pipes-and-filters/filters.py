"""Pipes and filters: each build step is a container that reads a tar archive on stdin and writes one
to stdout, so steps connect with `|` and share no file system.

    build     a project in (a tar of app/), the executable out (a tar holding pricetag.pyz)
    package   the executable in; it must run on a bare Python, then it goes on with the service's
              Dockerfile beside it: a complete build context for `docker build -`

stdout carries the archive and nothing else: everything said along the way goes to stderr.
"""

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from build_zipapp import PACKAGE, build

SERVICE_DOCKERFILE = Path("/toolchain/service.Dockerfile")


def read_archive(into: Path) -> None:
    with tarfile.open(fileobj=sys.stdin.buffer, mode="r|*") as archive:
        archive.extractall(into)  # trusted: it comes from the previous step of our own pipeline


def write_archive(files: dict[str, Path]) -> None:
    # GNU format: `docker build -` recognises a tar by its first 512-byte header, which a PAX header is not.
    with tarfile.open(fileobj=sys.stdout.buffer, mode="w|", format=tarfile.GNU_FORMAT) as archive:
        for name, path in files.items():
            archive.add(path, arcname=name)


def build_step(workspace: Path, built_by: str) -> None:
    read_archive(workspace / "project")
    artifact = build(workspace / "project", workspace / "target", built_by)
    write_archive({artifact.name: artifact})


def package_step(workspace: Path) -> None:
    read_archive(workspace)
    artifact = workspace / f"{PACKAGE}.pyz"
    # A filter may stop the line: the pipeline fails here rather than ship an executable that does not start.
    check = subprocess.run([sys.executable, str(artifact), "--version"], capture_output=True, text=True)
    if check.returncode != 0:
        sys.exit(f"package: {artifact.name} does not run: {check.stderr.strip()}")
    print(f"package: {check.stdout.strip()}", file=sys.stderr)
    write_archive({"Dockerfile": SERVICE_DOCKERFILE, artifact.name: artifact})


def main() -> None:
    step, *rest = sys.argv[1:] or ["build"]
    with tempfile.TemporaryDirectory() as workspace:
        if step == "build":
            build_step(Path(workspace), built_by=" ".join(rest) or "pipes and filters")
        elif step == "package":
            package_step(Path(workspace))
        else:
            sys.exit(f"unknown step {step!r}: use build [BUILT_BY] or package")


if __name__ == "__main__":
    main()
