#!/usr/bin/env bash
# Runs the full benchmarks (Release build) on SQLite and on a throw-away PostgreSQL server, and
# writes the Markdown report to bench/results/. Arguments go to the benchmark program, e.g.
#   bench/run.sh --invoices 200000 --customers 20000 --runs 3
set -euo pipefail
cd "$(dirname "$0")/.."
pgdir=$(mktemp -d /tmp/arflow-bench-pg.XXXXXX); chmod 755 "$pgdir"
port=$(( 20000 + RANDOM % 30000 ))
trap 'scripts/postgres.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
export ARFLOW_BENCH_POSTGRES=$(scripts/postgres.sh start "$pgdir" "$port")
mkdir -p bench/results
out="bench/results/$(date -u +%Y%m%d-%H%M).md"
dotnet run -c Release --project bench/ArFlow.Bench -- "$@" | tee "$out"
echo "report: $out" >&2
