#!/usr/bin/env bash
# Pattern 4, pipes and filters, to the host: the project goes into a build container as a tar on
# stdin, the executable comes out as a tar on stdout, and `tar` unpacks it on the host.
#
#   book-examples/docker-build-patterns/4-pipes-and-filters/run.sh
#
# Leaves dist/pricetag.pyz (OUT_DIR) and the images msfe-book-pipes-filters and -service (IMAGE_PREFIX).
# run-piped.sh is the variant where nothing lands on the host.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
patterns=$(dirname "$here")
prefix=${IMAGE_PREFIX:-msfe-book}
out=${OUT_DIR:-$here/dist}

echo "== 1. the filter image: the toolchain, no project"
docker build --tag "$prefix-pipes-filters" --file "$here/Dockerfile" "$patterns"

echo "== 2. project | build container | tar on the host"
mkdir -p "$out"
tar --create --directory "$patterns/app" --exclude __pycache__ --exclude target . \
    | docker run --rm --interactive "$prefix-pipes-filters" build "pipes and filters, to the host" \
    | tar --extract --directory "$out"

echo "== 3. the service image: a bare Python and the artifact"
docker build --tag "$prefix-pipes-service" --file "$patterns/service.Dockerfile" "$out"

echo "artifact: $out/pricetag.pyz   service image: $prefix-pipes-service"
