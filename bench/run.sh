#!/usr/bin/env bash
# Benchmarks, printing numbers (never timed tests): installs what they need from Debian
# (PostgreSQL 15, pg_partman 4.7, chrony), then runs both benches in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_packages tests
[ -f /usr/share/postgresql/15/extension/pg_partman.control ] || {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-partman >/dev/null
}
# Five alternating rounds: this machine's disk varies 2× between runs, three rounds were not enough.
export BENCH_ROUNDS=${BENCH_ROUNDS:-5}
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(date -u +%F)"
cargo bench --quiet --bench rollover
BENCH_PART=online cargo bench --quiet --bench rollover
BENCH_PART=mariadb cargo bench --quiet --bench rollover
cargo bench --quiet --bench clock
cargo bench --quiet --bench fleet
