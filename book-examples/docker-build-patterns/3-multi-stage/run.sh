#!/usr/bin/env bash
# Pattern 3, a multi-stage build: one Dockerfile, one `docker build`, and the service image is done.
#
#   book-examples/docker-build-patterns/3-multi-stage/run.sh
#
# Leaves the images msfe-book-multistage-service and -build (IMAGE_PREFIX), and a copy of the
# artifact in dist/ (OUT_DIR) for a look at it on the host.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
patterns=$(dirname "$here")
prefix=${IMAGE_PREFIX:-msfe-book}
out=${OUT_DIR:-$here/dist}

echo "== 1. the service image, build stage included: this is the whole pattern"
docker build --tag "$prefix-multistage-service" --file "$here/Dockerfile" "$patterns"

echo "== 2. (only to look at it) tag the build stage, all from the cache, and copy the artifact out"
# Without a tag, the legacy builder leaves the build stage behind as an unnamed image.
docker build --quiet --target build --tag "$prefix-multistage-build" --file "$here/Dockerfile" "$patterns" >/dev/null
container=$prefix-multistage-artifact-$$
docker create --name "$container" "$prefix-multistage-build" >/dev/null
trap 'docker rm "$container" >/dev/null' EXIT
mkdir -p "$out"
docker cp "$container:/target/pricetag.pyz" "$out/pricetag.pyz"

echo "artifact: $out/pricetag.pyz   service image: $prefix-multistage-service"
