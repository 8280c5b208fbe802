#!/usr/bin/env bash
# Modbus benchmarks: read-plan cost of a 200-point pump-station map (requests and bytes per poll,
# against one request per point and the exact minimum), then 500 Modbus TCP devices x 30 points
# polled at 1 s and at 100 ms against a j2mod slave in another process (gateway CPU, missed
# deadlines). Usage: bench/run-modbus.sh [SECONDS per scale run, default 30]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-30}
mvn -q -o -DskipTests package -pl bench -am
cp="$root/bench/target/tidegate-bench.jar:$root/bench/target/lib/*"
java -Xmx256m -cp "$cp" io.tidegate.bench.ModbusBench plan
java -Xmx512m -cp "$cp" io.tidegate.bench.ModbusBench scale 500 30 1000 "$seconds"
java -Xmx512m -cp "$cp" io.tidegate.bench.ModbusBench scale 500 30 100 "$seconds"
