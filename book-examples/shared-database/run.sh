#!/usr/bin/env bash
# The shared database and what breaks with it: a story told by running it (Python 3 only, no Docker).
#
#   book-examples/shared-database/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PYTHONPATH=$here exec "${PYTHON:-python3}" -m shared_database
