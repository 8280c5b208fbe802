#!/usr/bin/env bash
# Durable ingest of the sample store (group commit, synchronous=FULL, 1/4/16 appender threads)
# against a Kura-style baseline (one INSERT + COUNT(*) per message, own transaction), in one run
# on the same disk. Prints a summary table; takes about a minute and a half.
# Usage: bench/run-store.sh [-Dbench.rounds=5 -Dbench.roundSeconds=2 -Dbench.dir=... ...]
# The database files go to bench/target/store-bench unless -Dbench.dir says otherwise; use a
# directory on the disk you care about (not tmpfs) for meaningful numbers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -o -DskipTests package -pl bench -am
exec java ${BENCH_JAVA_OPTS:--Xmx512m} -Dbench.dir="$root/bench/target/store-bench" "$@" \
    -jar "$root/bench/target/tidegate-bench.jar"
