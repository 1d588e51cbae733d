#!/usr/bin/env bash
# git add + commit of the named paths, serialised with a lock (several people in one tree).
# usage: scripts/commit.sh "message" path...
set -euo pipefail
cd "$(dirname "$0")/.."
msg=$1; shift
exec flock /tmp/pms-git.lock bash -c 'git add -- "$@" && git commit -q -m "$0" -- "$@" || true' "$msg" "$@"
