#!/usr/bin/env bash
# DDATA encoding: the edge node's direct protobuf encoder against Tahu's model and encoder, on the
# same batches of 500 INT32 samples, alternated round by round in one JVM; prints the medians and
# their ratio. Usage: bench/run-encoding.sh [-Dencode.rounds=7 -Dencode.seconds=3]; about 45 s.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# package only (never install)
mvn -q -o -B -DskipTests package -pl bench -am
exec java ${BENCH_JAVA_OPTS:--Xmx1g} "$@" \
    -cp "$root/bench/target/tidegate-bench.jar:$root/bench/target/lib/*" io.tidegate.uplink.mqtt.internal.DataEncodingBench
