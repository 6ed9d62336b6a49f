#!/usr/bin/env bash
# The README's two commands on a fresh Debian or Ubuntu machine with Node.js:
#
#   scripts/dev.sh start   PostgreSQL, Redis and Node.js 22 where missing, npm ci, then npm start
#                          (builds, creates and migrates the database, loads Kusel, runs the apps)
#   scripts/dev.sh test    the same plus Chromium and the test database, then npm test
#
# Installing packages needs root (or sudo). The install logic is shared with .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup/machine.sh
. scripts/setup/machine.sh

case "${1:-}" in
  start)
    ensure_postgres
    ensure_redis
    ensure_node22
    ensure_node_modules
    exec npm start
    ;;
  test)
    ensure_postgres
    ensure_redis
    ensure_node22
    ensure_chromium
    ensure_database ridepool_test
    ensure_node_modules
    exec npm test
    ;;
  *)
    echo "usage: scripts/dev.sh start|test" >&2
    exit 2
    ;;
esac
