"""The four build patterns, each run with its own script, as a reader would.

Every pattern must leave an executable that runs by itself (`./pricetag.pyz ...`, on the host's
Python) and a service image that serves labels over HTTP and carries nothing of the build. The
images and containers of a test session share a prefix of their own and are removed at the end.
"""

import io
import os
import shutil
import subprocess
import tarfile
import uuid
from pathlib import Path

import pytest
import requests

from support.polling import wait_until

HERE = Path(__file__).resolve().parent
MAX_SERVICE_LAYERS_BYTES = 1_000_000  # the executable is about 350 kB; a build toolchain would be far more

pytestmark = pytest.mark.timeout(300)


def docker(*args: str) -> str:
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=True, timeout=120).stdout.strip()


@pytest.fixture(scope="module")
def prefix():
    """msfe-book-<random>: what this session builds and starts is found, and removed, by it."""
    prefix = f"msfe-book-test-{uuid.uuid4().hex[:6]}"
    yield prefix
    containers = docker("ps", "--all", "--quiet", "--filter", f"name=^{prefix}-")
    if containers:
        docker("rm", "--force", *containers.split())
    images = docker("images", "--format", "{{.Repository}}", "--filter", f"reference={prefix}-*")
    if images:
        docker("rmi", *sorted(set(images.split())))


@pytest.fixture
def pattern(run, prefix, tmp_path):
    """Runs a pattern's script with this session's image prefix and a fresh output folder."""

    def run_pattern(script: str, *args: str | Path) -> Path:
        out = tmp_path / "dist"
        run([HERE / script, *args], IMAGE_PREFIX=prefix, OUT_DIR=str(out))
        return out

    return run_pattern


def assert_the_executable_runs(executable: Path, built_by: str) -> None:
    assert os.access(executable, os.X_OK), f"{executable} should be an executable file"
    version = subprocess.run([executable, "--version"], capture_output=True, text=True, check=True).stdout
    assert f"built by {built_by}" in version, f"the executable should say who built it, said: {version!r}"
    label = subprocess.run([executable, "label", "Teapot", "1999"], capture_output=True, text=True, check=True)
    assert label.stdout.strip() == "Teapot: EUR 19.99"


def assert_the_service_image_serves_labels(image: str, built_by: str) -> None:
    added = int(docker("image", "inspect", "--format", "{{.Size}}", image)) - int(
        docker("image", "inspect", "--format", "{{.Size}}", "python:3.11-slim")
    )
    assert added < MAX_SERVICE_LAYERS_BYTES, f"{image} adds {added} bytes to python:3.11-slim: build leftovers?"
    container = docker("run", "--detach", "--name", f"{image}-run", "--publish", "127.0.0.1::8000", image)
    try:
        host_port = docker("port", container, "8000/tcp").splitlines()[0].rsplit(":", 1)[1]
        base = f"http://127.0.0.1:{host_port}"
        health = wait_until(
            lambda: (answer := requests.get(f"{base}/health", timeout=2)).status_code == 200 and answer.json(),
            timeout=30,
            message=f"{image} answered /health",
        )
        assert health == {"status": "ok", "built_by": built_by}
        label = requests.get(f"{base}/labels", params={"name": "Teapot", "price_cents": 1999}, timeout=5)
        assert label.json() == {"label": "Teapot: EUR 19.99"}
    finally:
        docker("rm", "--force", container)


def test_the_builder_pattern_copies_the_executable_out_of_its_build_image(pattern, prefix):
    out = pattern("1-builder-pattern/run.sh")
    assert_the_executable_runs(out / "pricetag.pyz", "the builder pattern")
    assert_the_service_image_serves_labels(f"{prefix}-builder-service", "the builder pattern")


def test_a_reusable_build_image_builds_a_bind_mounted_project_and_is_not_rebuilt_when_it_changes(
    pattern, prefix, tmp_path
):
    project = tmp_path / "project"
    shutil.copytree(HERE / "app", project, ignore=shutil.ignore_patterns("__pycache__", "target"))
    pattern("2-reusable-build-image/run.sh", project)
    executable = project / "target" / "pricetag.pyz"
    assert_the_executable_runs(executable, "a reusable build image")
    assert executable.stat().st_uid == os.getuid(), "the build ran as someone else: the host user cannot own it"
    assert_the_service_image_serves_labels(f"{prefix}-reusable-service", "a reusable build image")

    build_image = docker("image", "inspect", "--format", "{{.Id}}", f"{prefix}-reusable-build")
    docker("rmi", f"{prefix}-reusable-service")  # the second run tags a new one; this one would be left unnamed
    source = project / "pricetag" / "__init__.py"
    source.write_text(source.read_text().replace("EUR", "euro"))
    pattern("2-reusable-build-image/run.sh", project)
    assert docker("image", "inspect", "--format", "{{.Id}}", f"{prefix}-reusable-build") == build_image, (
        "a change of the project rebuilt the build image: it is not reusable"
    )
    changed = subprocess.run([executable, "label", "Teapot", "1999"], capture_output=True, text=True, check=True)
    assert changed.stdout.strip() == "Teapot: euro 19.99", "the second run did not build the changed project"


def test_a_multi_stage_build_makes_the_service_image_from_one_dockerfile(pattern, prefix):
    out = pattern("3-multi-stage/run.sh")
    assert_the_executable_runs(out / "pricetag.pyz", "a multi-stage build")
    assert_the_service_image_serves_labels(f"{prefix}-multistage-service", "a multi-stage build")


def test_pipes_and_filters_stream_the_executable_to_the_host_through_tar(pattern, prefix):
    out = pattern("4-pipes-and-filters/run.sh")
    assert_the_executable_runs(out / "pricetag.pyz", "pipes and filters, to the host")
    assert_the_service_image_serves_labels(f"{prefix}-pipes-service", "pipes and filters, to the host")


def test_pipes_and_filters_stream_the_executable_from_container_to_container_past_the_host(pattern, prefix):
    out = pattern("4-pipes-and-filters/run-piped.sh")
    assert not out.exists(), "the piped variant wrote to the host's file system"
    image = f"{prefix}-pipes-piped-service"
    version = docker("run", "--rm", image, "--version")
    assert version == "pricetag 1.0, built by pipes and filters, container to container"
    assert_the_service_image_serves_labels(image, "pipes and filters, container to container")


def test_the_package_filter_stops_the_line_when_the_executable_does_not_run(prefix):
    """A filter may refuse its input: the pipeline then fails, and nothing reaches `docker build -`."""
    image = f"{prefix}-pipes-filters"
    docker("build", "--quiet", "--tag", image, "--file", str(HERE / "4-pipes-and-filters/Dockerfile"), str(HERE))
    broken = io.BytesIO()
    with tarfile.open(fileobj=broken, mode="w", format=tarfile.GNU_FORMAT) as archive:
        content = b"this is not a zipapp"
        entry = tarfile.TarInfo("pricetag.pyz")
        entry.size = len(content)
        archive.addfile(entry, io.BytesIO(content))
    package = subprocess.run(
        ["docker", "run", "--rm", "--interactive", "--network", "none", image, "package"],
        input=broken.getvalue(),
        capture_output=True,
        timeout=60,
    )
    assert package.returncode != 0, "the package filter passed an executable that does not run"
    assert package.stdout == b"", "the package filter wrote something on to the next step"
    assert b"pricetag.pyz does not run" in package.stderr
