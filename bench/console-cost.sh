#!/usr/bin/env bash
# What the installer console costs a running gateway: the demo site under -Xmx64m with the console
# on (Felix HTTP / Jetty 12 listening, a client asking /api/devices once a second like an open
# devices page) and off (console.port: 0), alternating, in the same run. Then the latency of
# GET /api/devices and GET /metrics with the API token. Uses a real Mosquitto on a free port.
# Usage: bench/console-cost.sh [runs] [seconds]   (default 3 runs of 60 s per arm)
# Builds with `mvn -o package` (never install); see docs/PERFORMANCE.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}; seconds=${2:-60}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# One reactor run, so the sibling bundles resolve from target/ (nothing is installed); the runtime,
# built last, writes the class path file last.
(cd "$root" && mvn -q -o -B package dependency:build-classpath -DskipTests -pl bundles/runtime -am \
  -Dmdep.outputFile="$work/cp.txt")
cp="$root/bundles/runtime/target/classes:$(cat "$work/cp.txt")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

broker=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$broker" > "$work/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
pids+=($!)

run_arm() { # $1 = on|off, $2 = run number; prints "heapMB rssMB"
  local arm=$1 dir="$work/$1-$2" console=0
  mkdir -p "$dir/profile"
  cp "$root/bundles/engine/src/main/resources/profiles/"* "$dir/profile/"
  [ "$arm" = on ] && console=$(free_port)
  sed -i -e "s/port: 1883/port: $broker/" -e "s/port: 8080 /port: $console /" "$dir/profile/demo-site.yaml"
  java -Xmx64m -cp "$cp" io.tidegate.runtime.Main --framework felix --home "$root/bundles/runtime/target" \
    --profile "$dir/profile/demo-site.yaml" --data "$dir/data" --status 0 > "$dir/gateway.log" 2>&1 &
  local pid=$!; pids+=($pid)
  local end=$((SECONDS + seconds))
  if [ "$arm" = on ]; then
    for _ in $(seq 100); do [ -f "$dir/data/console/api-token" ] && break; sleep 0.1; done
    local token; token=$(cat "$dir/data/console/api-token")
    while [ $SECONDS -lt $end ]; do   # an open devices page: one request a second
      curl -s -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$console/api/devices" || true
      sleep 1
    done
    for _ in $(seq 50); do
      curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
        "http://127.0.0.1:$console/api/devices" >> "$work/devices.times"
      curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
        "http://127.0.0.1:$console/metrics" >> "$work/metrics.times"
    done
  else
    sleep "$seconds"
  fi
  local heap rss
  heap=$(jstat -gc "$pid" | awk 'NR==1 {for(i=1;i<=NF;i++) col[$i]=i} NR==2 {printf "%d", ($col["S0U"]+$col["S1U"]+$col["EU"]+$col["OU"])/1024}')
  rss=$(( $(ps -o rss= -p "$pid") / 1024 ))
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$heap $rss"
}

for i in $(seq "$runs"); do
  for arm in off on; do
    read -r heap rss < <(run_arm "$arm" "$i")
    echo "run $i console $arm: heap used ${heap} MB, RSS ${rss} MB after ${seconds} s" >&2
    echo "$heap" >> "$work/$arm.heap"; echo "$rss" >> "$work/$arm.rss"
  done
done
for arm in off on; do
  echo "console $arm: median heap used $(median < "$work/$arm.heap") MB ($(tr '\n' ' ' < "$work/$arm.heap")), median RSS $(median < "$work/$arm.rss") MB ($(tr '\n' ' ' < "$work/$arm.rss")) over $runs runs of $seconds s, -Xmx64m, Felix"
done
ms() { awk '{printf "%.1f\n", $1 * 1000}'; }
echo "GET /api/devices (26 points): median $(ms < "$work/devices.times" | median) ms over $(wc -l < "$work/devices.times") requests"
echo "GET /metrics: median $(ms < "$work/metrics.times" | median) ms over $(wc -l < "$work/metrics.times") requests"
