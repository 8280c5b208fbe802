#!/usr/bin/env bash
# RTU polls per second over a socat pseudo-terminal pair against Debian's pymodbus RTU server,
# compared with the framing limit of the baud rate. A pseudo-terminal does not pace bytes at the
# baud rate, so this measures the driver's own turnaround (t3.5 gaps, framing checks) plus
# pymodbus's, not the wire. Usage: bench/run-modbus-rtu.sh [BAUD default 19200] [SECONDS default 10]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
baud=${1:-19200}
seconds=${2:-10}
mvn -q -o -DskipTests package -pl bench -am
dir=$(mktemp -d)
socat pty,raw,echo=0,link="$dir/server" pty,raw,echo=0,link="$dir/gateway" & socat_pid=$!
trap 'kill $server_pid $socat_pid 2>/dev/null; rm -rf "$dir"' EXIT
while [ ! -e "$dir/gateway" ]; do sleep 0.1; done
/usr/bin/python3 hardware-tests/src/test/resources/modbus/pymodbus_server.py rtu "$dir/server" >"$dir/server.log" 2>&1 &
server_pid=$!
sleep 2
cp="$root/bench/target/tidegate-bench.jar:$root/bench/target/lib/*"
for registers in 1 10 36; do
  java -Xmx128m -cp "$cp" io.tidegate.bench.ModbusBench rtu "$dir/gateway" "$baud" "$registers" "$seconds"
done
