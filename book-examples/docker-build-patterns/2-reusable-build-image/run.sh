#!/usr/bin/env bash
# Pattern 2, a reusable build image: build the toolchain image once, then run it against a
# bind-mounted project; its ENTRYPOINT writes the artifact into the project's target/ folder.
#
#   book-examples/docker-build-patterns/2-reusable-build-image/run.sh [PROJECT_DIR]   (default: ../app)
#
# Leaves PROJECT_DIR/target/pricetag.pyz and the images msfe-book-reusable-build and -service (IMAGE_PREFIX).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
patterns=$(dirname "$here")
prefix=${IMAGE_PREFIX:-msfe-book}
project=$(cd "${1:-$patterns/app}" && pwd)

echo "== 1. the build image: the toolchain alone (a change of the project does not touch it)"
docker build --tag "$prefix-reusable-build" --file "$here/Dockerfile" "$patterns/toolchain"

echo "== 2. run it with the project bind-mounted: the build happens now, in a container"
# As yourself: files a container writes through a bind mount belong to its user, root unless told otherwise.
docker run --rm --user "$(id -u):$(id -g)" --volume "$project:/project" "$prefix-reusable-build"

echo "== 3. the service image: a bare Python and the artifact"
docker build --tag "$prefix-reusable-service" --file "$patterns/service.Dockerfile" "$project/target"

echo "artifact: $project/target/pricetag.pyz   service image: $prefix-reusable-service"
