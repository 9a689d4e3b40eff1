"""The one build recipe every pattern runs inside its build container: a project in, one executable out.

A project is a folder with a requirements.txt and a package (here app/, with pricetag/). Its
dependencies are installed beside its code (`pip install --target`), and the lot is zipped into
TARGET/pricetag.pyz with a `#!/usr/bin/env python3` line: a zipapp, which runs wherever Python 3 runs,
without pip, a virtualenv or the build tools.

Everything it says goes to stderr, because in the pipes-and-filters pattern stdout carries the artifact.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipapp
from pathlib import Path

PACKAGE = "pricetag"


def install_dependencies(requirements: Path, into: Path) -> None:
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(into), "-r", str(requirements)]
    subprocess.run(command, check=True, stdout=sys.stderr)


def build(source: Path, target: Path, built_by: str, dependencies: Path | None = None) -> Path:
    """Pack source/pricetag and its dependencies (installed now, or taken from `dependencies`)."""
    with tempfile.TemporaryDirectory() as staging_dir:
        staging = Path(staging_dir)
        if dependencies is None:
            install_dependencies(source / "requirements.txt", staging)
        else:
            shutil.copytree(dependencies, staging, dirs_exist_ok=True)
        shutil.copytree(source / PACKAGE, staging / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "_build.py"))
        (staging / PACKAGE / "_build.py").write_text(f"BUILT_BY = {built_by!r}\n")
        target.mkdir(parents=True, exist_ok=True)
        artifact = target / f"{PACKAGE}.pyz"
        zipapp.create_archive(
            staging, artifact, interpreter="/usr/bin/env python3", main=f"{PACKAGE}.__main__:main", compressed=True
        )
    print(f"built {artifact} ({artifact.stat().st_size} bytes), built by {built_by}", file=sys.stderr)
    return artifact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="the project: requirements.txt and pricetag/")
    parser.add_argument("--target", type=Path, required=True, help="where pricetag.pyz goes")
    parser.add_argument("--built-by", required=True, help="the pattern that ran this build; the executable says it")
    parser.add_argument("--dependencies", type=Path, help="dependencies installed earlier (a cached image layer)")
    arguments = parser.parse_args()
    build(arguments.source, arguments.target, arguments.built_by, arguments.dependencies)


if __name__ == "__main__":
    main()
