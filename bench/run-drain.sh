#!/usr/bin/env bash
# Backlog drain to a real Mosquitto at QoS 1: the gateway (child JVM, -Xmx64m, started as a
# service manager starts it) forwards a queue.db pre-filled with N historical samples, Sparkplug B
# encoded; a Paho/Tahu host subscribed before the start counts them. Median of R rounds, against a
# naive one-sample-per-message QoS 1 publisher (PUBACK awaited each) in the same run.
# Defaults: 1,000,000 samples, 3 rounds, 20,000 baseline messages; about 2 to 4 minutes.
# Usage: bench/run-drain.sh [-Ddrain.samples=1000000 -Ddrain.rounds=3 -Ddrain.baselineMessages=20000
#        -Ddrain.points=10 -Ddrain.gatewayOpts=-Xmx64m -Ddrain.framework=felix -Ddrain.jfr=true ...]
# Needs /usr/sbin/mosquitto (hardware-tests/setup.sh). Files go to bench/target/drain-bench.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# package only (never install): the gateway's jars, its classpath (provisioning/target/lib) and the bench
mvn -q -o -B -DskipTests package -pl bundles/runtime,provisioning,bench -am
exec java ${BENCH_JAVA_OPTS:--Xmx1g} -Ddrain.root="$root" -Ddrain.dir="$root/bench/target/drain-bench" "$@" \
    -cp "$root/bench/target/tidegate-bench.jar:$root/bench/target/lib/*" io.tidegate.bench.DrainBench
