#!/usr/bin/env bash
# RTU polls per second against Debian's pymodbus RTU server, compared with the framing limit of the
# baud rate (request + answer characters at 11 bits for 8N2, plus t3.5 after each frame).
#
# By default the line runs at wire speed: bench/paced_rtu_line.py sits between the gateway's and the
# server's pseudo-terminals and delivers each byte no earlier than its last bit would arrive at BAUD
# 8N2, so the rate is bounded by the line as on a real RS-485 bus. The line is checked first (a bulk
# transfer each way must run at the wire rate). With --pty the two ends are a bare socat
# pseudo-terminal pair, which does not pace bytes at all: that measures the driver's and pymodbus's
# own turnaround, the baseline for how much of the paced rate is software.
#
# Usage: bench/run-modbus-rtu.sh [--pty] [BAUD default 19200] [SECONDS default 10]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
paced=1
if [ "${1:-}" = "--pty" ]; then
  paced=0
  shift
fi
baud=${1:-19200}
seconds=${2:-10}
bits_per_char=11 # 8N2: the bench's serial settings (parity none, hence two stop bits)
mvn -q -o -DskipTests package -pl bench -am
dir=$(mktemp -d)
server_pid=
if [ "$paced" = 1 ]; then
  /usr/bin/python3 bench/paced_rtu_line.py line "$dir/gateway" "$dir/server" "$baud" "$bits_per_char" & line_pid=$!
else
  socat pty,raw,echo=0,link="$dir/server" pty,raw,echo=0,link="$dir/gateway" & line_pid=$!
fi
trap 'kill $server_pid $line_pid 2>/dev/null; rm -rf "$dir"' EXIT
while [ ! -e "$dir/gateway" ] || [ ! -e "$dir/server" ]; do sleep 0.1; done
if [ "$paced" = 1 ]; then
  /usr/bin/python3 bench/paced_rtu_line.py check "$dir/gateway" "$dir/server" "$baud" "$bits_per_char"
fi
/usr/bin/python3 hardware-tests/src/test/resources/modbus/pymodbus_server.py rtu "$dir/server" >"$dir/server.log" 2>&1 &
server_pid=$!
sleep 2
cp="$root/bench/target/tidegate-bench.jar:$root/bench/target/lib/*"
for registers in 1 10 36; do
  java -Xmx128m -cp "$cp" io.tidegate.bench.ModbusBench rtu "$dir/gateway" "$baud" "$registers" "$seconds"
done
