#!/usr/bin/env bash
# Time from `tidegate demo` start (build already done) to the first DDATA acknowledged by the
# broker, then heap and RSS of the running demo. Usage: bench/first-data.sh [runs] [framework...]
# Prints one line per run and the medians; see docs/PERFORMANCE.md. JVM options come from
# TIDEGATE_JAVA_OPTS (default -Xmx64m), as for the tidegate command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}; shift || true
frameworks=("${@:-felix equinox}")
[ $# -eq 0 ] && frameworks=(felix equinox)
port=18830
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for fw in "${frameworks[@]}"; do
  : > "$work/$fw.times"
  for i in $(seq "$runs"); do
    rm -rf "$work/data"
    out="$work/demo.out"
    start=$(date +%s%3N)
    "$root/tidegate" demo --framework "$fw" --port $port --data "$work/data" > "$out" 2>&1 &
    pid=$!
    for _ in $(seq 200); do grep -q "first data acknowledged" "$out" && break; sleep 0.05; done
    stamp=$(grep -m1 "first data acknowledged" "$out" | cut -d' ' -f1)
    first=$(date -d "$(date +%F) $stamp" +%s%3N)
    echo "$fw run $i: $((first - start)) ms to first DDATA" >&2
    echo $((first - start)) >> "$work/$fw.times"
    if [ "$i" -eq "$runs" ]; then
      sleep 60   # let it run a minute before reading memory
      jpid=$(pgrep -f "TidegateCommand demo --framework $fw" | head -1)
      # used heap = survivors + eden + old, in KB, whatever the collector
      heap=$(jstat -gc "$jpid" | awk 'NR==1 {for(i=1;i<=NF;i++) col[$i]=i} NR==2 {printf "%d", ($col["S0U"]+$col["S1U"]+$col["EU"]+$col["OU"])/1024}')
      rss=$(ps -o rss= -p "$jpid")
      echo "$fw: heap used ${heap} MB after 60 s, RSS $((rss / 1024)) MB (${TIDEGATE_JAVA_OPTS:--Xmx64m}, demo incl. embedded broker)"
    fi
    kill -TERM $pid; wait $pid 2>/dev/null || true
  done
  echo "$fw: median $(median < "$work/$fw.times") ms to first DDATA over $runs runs ($(tr '\n' ' ' < "$work/$fw.times"))"
done
