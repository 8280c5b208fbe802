#!/usr/bin/env bash
# OPC UA ingest: 10,000 monitored items changing every 100 ms on one Milo server, through a real
# gateway process (child JVM, as a service manager starts it) into its SQLite store and on to a
# real Mosquitto, where a Paho/Tahu host decodes every DDATA. Subscriptions, then polling reads at
# 100 ms as the baseline, side by side in one run. Prints per mode: changes/s stored and at the
# broker, changes missed, gateway CPU, source-timestamp-to-broker latency p50/p99.
# Usage: bench/run-opcua.sh [-Dopcua.nodes=10000 -Dopcua.warmup=20 -Dopcua.window=60
#        -Dopcua.modes=subscribe,poll -Dopcua.gatewayOpts=-Xmx256m]
# Modes: subscribe (sampling 100 ms), subscribe:50ms (sampling faster than the nodes change), poll.
# Needs /usr/sbin/mosquitto (hardware-tests/setup.sh). Files go to bench/target/opcua-bench.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# package only (never install): the gateway's jars, its classpath (provisioning/target/lib) and the bench
mvn -q -o -B -DskipTests package -pl bundles/runtime,provisioning,bench -am
exec java ${BENCH_JAVA_OPTS:--Xmx1g} -Dopcua.root="$root" -Dopcua.dir="$root/bench/target/opcua-bench" "$@" \
    -cp "$root/bench/target/tidegate-bench.jar:$root/bench/target/lib/*" io.tidegate.bench.OpcUaBench
