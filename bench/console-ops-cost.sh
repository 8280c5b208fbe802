#!/usr/bin/env bash
# What the diagnostics bundle costs now that it carries the gateway's log, scrubbed of secrets: the
# demo site under -Xmx64m with 5 MB of log files in <data>/logs (four full rotated generations of
# 1 MB, lines holding the MQTT password, plus the live log), downloading GET /api/diagnostics 10
# times; the baseline arm is the same gateway with no log files (what the bundle was before), in
# the same run, alternating. Also GET /api/events with 1,000 events kept. Uses a real Mosquitto.
# Usage: bench/console-ops-cost.sh [runs]   (default 3 runs per arm)
# Builds with `mvn -o package` (never install); see docs/PERFORMANCE.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

(cd "$root" && mvn -q -o -B package dependency:build-classpath -DskipTests -pl bundles/runtime -am \
  -Dmdep.outputFile="$work/cp.txt")
cp="$root/bundles/runtime/target/classes:$(cat "$work/cp.txt")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

broker=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$broker" > "$work/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
pids+=($!)

run_arm() { # $1 = logs|nologs, $2 = run number; appends download times, prints "bytes heapMB"
  local arm=$1 dir="$work/$1-$2" console
  mkdir -p "$dir/profile" "$dir/data/logs"
  cp "$root/bundles/engine/src/main/resources/profiles/"* "$dir/profile/"
  console=$(free_port)
  printf 'bench-mqtt-password-0123\n' > "$dir/profile/mqtt-password"; chmod 600 "$dir/profile/mqtt-password"
  sed -i -e "s/port: 1883/port: $broker\n  username: gateway\n  passwordFile: mqtt-password/" \
    -e "s/port: 8080 /port: $console /" "$dir/profile/demo-site.yaml"
  if [ "$arm" = logs ]; then
    mkdir -p "$dir/data/console"   # 1,000 events kept from before a restart
    python3 -c 'import sys
for i in range(1000): print("%d\tdevice\tstation\tDOWN: COMM_FAILURE: no answer from 10.0.0.%d:502" % (1763700000000 + i * 1000, i % 250))' \
      > "$dir/data/console/events.log"
    for g in 1 2 3 4; do  # full rotated generations, as after days of running
      python3 - "$dir/data/logs/tidegate.$g.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    n = 0
    while f.tell() < 1024 * 1024:
        n += 1
        f.write("2026-11-21T10:00:%02d.000Z INFO [io.tidegate.engine.internal.DevicePoller] device station polled, 26 points, %d ms\n" % (n % 60, n % 97))
        if n % 200 == 0:
            f.write("2026-11-21T10:00:00.000Z WARNING [careless.library] connect user=gateway password=bench-mqtt-password-0123 failed\n")
PY
    done
  fi
  java -Xmx64m -cp "$cp" io.tidegate.runtime.Main --framework felix --home "$root/bundles/runtime/target" \
    --profile "$dir/profile/demo-site.yaml" --data "$dir/data" --status 0 > "$dir/gateway.log" 2>&1 &
  local pid=$!; pids+=($pid)
  for _ in $(seq 200); do [ -f "$dir/data/console/api-token" ] && curl -s -o /dev/null "http://127.0.0.1:$console/" && break; sleep 0.1; done
  sleep 5
  [ "$arm" = nologs ] && rm -f "$dir/data/logs/"tidegate.*.log   # unlinked: the bundle finds no log, as before
  local token; token=$(cat "$dir/data/console/api-token")
  for _ in $(seq 10); do
    curl -s -o "$dir/diag.zip" -w '%{time_total}\n' -H "Authorization: Bearer $token" \
      "http://127.0.0.1:$console/api/diagnostics" >> "$work/$arm.times"
  done
  if [ "$arm" = logs ]; then
    if unzip -p "$dir/diag.zip" | grep -q bench-mqtt-password-0123; then echo "SECRET IN THE ZIP" >&2; exit 1; fi
    for _ in $(seq 20); do
      curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
        "http://127.0.0.1:$console/api/events?max=1000" >> "$work/events.times"
    done
  fi
  local heap
  heap=$(jstat -gc "$pid" | awk 'NR==1 {for(i=1;i<=NF;i++) col[$i]=i} NR==2 {printf "%d", ($col["S0U"]+$col["S1U"]+$col["EU"]+$col["OU"])/1024}')
  local alive=yes; kill -0 "$pid" 2>/dev/null || alive=no
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(stat -c %s "$dir/diag.zip") $heap $alive"
}

for r in $(seq "$runs"); do
  for arm in nologs logs; do
    read -r bytes heap alive < <(run_arm "$arm" "$r")
    echo "run $r $arm: zip $bytes bytes, heap used after $heap MB, gateway alive: $alive"
  done
done
for arm in nologs logs; do
  echo "GET /api/diagnostics $arm: median $(median < "$work/$arm.times") s over $(wc -l < "$work/$arm.times") downloads"
done
echo "GET /api/events?max=1000: median $(median < "$work/events.times") s over $(wc -l < "$work/events.times")"
