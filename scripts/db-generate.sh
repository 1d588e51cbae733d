#!/usr/bin/env bash
# Generate a migration from the Drizzle tables. Serialised with a lock so that several
# people (or agents) working in one tree never produce clashing migration numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
exec flock /tmp/pms-drizzle-generate.lock npx drizzle-kit generate --name "${1:-change}"
