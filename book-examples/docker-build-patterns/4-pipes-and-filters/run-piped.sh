#!/usr/bin/env bash
# Pattern 4, pipes and filters, container to container: the build container's stdout goes straight
# into the stdin of a second container (the package filter, which checks the executable and adds the
# Dockerfile), and from there into `docker build -`, which takes its whole context from stdin.
# Nothing is written to the host's file system on the way.
#
#   book-examples/docker-build-patterns/4-pipes-and-filters/run-piped.sh
#
# Leaves the images msfe-book-pipes-filters and msfe-book-pipes-piped-service (IMAGE_PREFIX).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
patterns=$(dirname "$here")
prefix=${IMAGE_PREFIX:-msfe-book}

echo "== 1. the filter image: the toolchain, no project"
docker build --tag "$prefix-pipes-filters" --file "$here/Dockerfile" "$patterns"

echo "== 2. project | build container | package container | docker build -"
tar --create --directory "$patterns/app" --exclude __pycache__ --exclude target . \
    | docker run --rm --interactive "$prefix-pipes-filters" build "pipes and filters, container to container" \
    | docker run --rm --interactive --network none "$prefix-pipes-filters" package \
    | docker build --tag "$prefix-pipes-piped-service" -

echo "service image: $prefix-pipes-piped-service (the artifact never left Docker)"
