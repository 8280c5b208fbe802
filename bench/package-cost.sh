#!/usr/bin/env bash
# What `tidegate package` and `tidegate provision` cost, under the CLI's -Xmx64m.
# - the .deb built in Java (Commons Compress) against Debian's own `dpkg-deb --build` of exactly the
#   same tree (unpacked from the Java-built .deb with dpkg-deb -R), alternating, in the same run;
# - the Kura .dp;
# - provisioning with an EC P-256 key and with an RSA 3072 key, against openssl making the same
#   key and CSR (no profile) as the baseline.
# Prints median wall time, peak RSS and sizes. Usage: bench/package-cost.sh [runs]  (default 5)
# Builds with `mvn -o package` (never install); see docs/PERFORMANCE.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && mvn -q -o -B package -DskipTests -pl provisioning -am)
cli=(java -Xmx64m -Dtidegate.home="$root/bundles/runtime/target"
  -cp "$root/provisioning/target/tidegate-cli.jar:$root/provisioning/target/lib/*" io.tidegate.cli.TidegateCommand)
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# runs a command under GNU time; appends "seconds rssMB" to the file $1
measure() { local into=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/t" "$@" > /dev/null 2>&1
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$work/t" >> "$into"; }

cat > "$work/meter.csv" <<'CSV'
Point ID,Area,Address,Type,Byte/Word Order,Scale,Offset,Unit,Access,Poll Group,Description
meter/voltage,holding,0,FLOAT32,CDAB,,,V,read,1s,Phase voltage
CSV

"${cli[@]}" package --deb -o "$work/first" > /dev/null 2>&1
deb=$(ls "$work"/first/*.deb)
dpkg-deb -R "$deb" "$work/tree"

for i in $(seq "$runs"); do
  rm -rf "$work/java" "$work/dpkg" "$work/dp" "$work/ec" "$work/rsa" "$work"/openssl.*; mkdir -p "$work/dpkg"
  measure "$work/java.txt" "${cli[@]}" package --deb -o "$work/java"
  measure "$work/dpkg.txt" dpkg-deb --root-owner-group -Zgzip --build "$work/tree" "$work/dpkg/baseline.deb"
  measure "$work/dp.txt" "${cli[@]}" package --dp -o "$work/dp"
  measure "$work/ec.txt" "${cli[@]}" provision --gateway-id gw1 --site s --uplink-host h --out "$work/ec" \
    --device "id=meter,driver=modbus-tcp,csv=$work/meter.csv,host=10.0.0.5"
  measure "$work/rsa.txt" "${cli[@]}" provision --gateway-id gw1 --site s --uplink-host h --out "$work/rsa" \
    --key-type rsa --rsa-bits 3072 --device "id=meter,driver=modbus-tcp,csv=$work/meter.csv,host=10.0.0.5"
  measure "$work/openssl.txt" openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj /CN=gw1 -keyout "$work/openssl.key" -out "$work/openssl.csr"
done
report() { printf '%-34s median %5.2f s, peak RSS %4s MB%s\n' "$1" "$(cut -d' ' -f1 "$2" | median)" \
  "$(cut -d' ' -f2 "$2" | median)" "${3:-}"; }
echo "runs: $runs; machine: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1)"
report ".deb, Java (tidegate package)" "$work/java.txt" ", $(stat -c %s "$work"/java/*.deb) bytes"
report ".deb, dpkg-deb --build (baseline)" "$work/dpkg.txt" ", $(stat -c %s "$work/dpkg/baseline.deb") bytes"
report ".dp (tidegate package --dp)" "$work/dp.txt" ", $(stat -c %s "$work"/dp/*.dp) bytes"
report "provision, EC P-256" "$work/ec.txt"
report "provision, RSA 3072" "$work/rsa.txt"
report "openssl req, EC P-256 (baseline)" "$work/openssl.txt"
