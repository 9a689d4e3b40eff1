#!/usr/bin/env bash
# Pattern 1, the builder pattern: the build image builds pricetag.pyz while it is being built;
# `docker create` and `docker cp` take the file out to the host; a second image serves it.
#
#   book-examples/docker-build-patterns/1-builder-pattern/run.sh
#
# Leaves dist/pricetag.pyz (OUT_DIR) and the images msfe-book-builder-build and -service (IMAGE_PREFIX).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
patterns=$(dirname "$here")
prefix=${IMAGE_PREFIX:-msfe-book}
out=${OUT_DIR:-$here/dist}

echo "== 1. the build image: toolchain, sources and the built artifact, all in its layers"
docker build --tag "$prefix-builder-build" --file "$here/build.Dockerfile" "$patterns"

echo "== 2. docker create (a container that never runs) and docker cp the artifact to the host"
container=$prefix-builder-artifact-$$
docker create --name "$container" "$prefix-builder-build" >/dev/null
trap 'docker rm "$container" >/dev/null' EXIT
mkdir -p "$out"
docker cp "$container:/target/pricetag.pyz" "$out/pricetag.pyz"

echo "== 3. the service image: a bare Python and the artifact"
docker build --tag "$prefix-builder-service" --file "$patterns/service.Dockerfile" "$out"

echo "artifact: $out/pricetag.pyz   service image: $prefix-builder-service"
echo "try: $out/pricetag.pyz label Teapot 1999"
echo "     docker run --rm -p 127.0.0.1:8000:8000 $prefix-builder-service   (then curl '127.0.0.1:8000/labels?name=Teapot&price_cents=1999')"
