#!/usr/bin/env bash
# Installs the real peers the hardware tests run against, from Debian's packages.
# Later drivers add theirs here (pymodbus and socat for Modbus, node-opcua from npm for OPC UA).
set -euo pipefail
need=()
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
# Modbus: Debian's pymodbus (for /usr/bin/python3, not a pyenv python) and socat for the serial pty pairs
/usr/bin/python3 -c 'import pymodbus, serial' 2>/dev/null || need+=(python3-pymodbus python3-serial)
command -v socat >/dev/null || need+=(socat)
# openssl makes the TLS tests' CA, server and client certificates; mosquitto_passwd comes with mosquitto
command -v openssl >/dev/null || need+=(openssl)
# The installer console's browser tests: Debian's Chromium and its chromedriver (Selenium drives them)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
# tidegate package: dpkg-deb/dpkg (dpkg is essential), useradd for the postinst (passwd), systemd-analyze
# and systemd-notify (systemd), unzip to open the Kura .dp
command -v useradd >/dev/null || need+=(passwd)
command -v systemd-analyze >/dev/null && command -v systemd-notify >/dev/null || need+=(systemd)
command -v unzip >/dev/null || need+=(unzip)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
# OPC UA: node-opcua from npm, pinned in opcua/package.json and package-lock.json, installed next to
# the server script the tests start (opcua/server.js).
command -v node >/dev/null && command -v npm >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(cd "$here/opcua" && npm ci --no-audit --no-fund --loglevel=error)
echo "hardware-tests: node $(node --version), node-opcua $(node -p 'require("'"$here"'/opcua/node_modules/node-opcua/package.json").version')"
# Debian starts a system-wide Mosquitto on 1883 when it can; the tests start their own on free ports.
echo "hardware-tests: peers ready: $(/usr/sbin/mosquitto -h 2>/dev/null | head -1)," \
  "pymodbus $(/usr/bin/python3 -c 'import pymodbus; print(pymodbus.__version__)'), $(socat -V | sed -n 2p)," \
  "$(/usr/bin/chromium --version 2>/dev/null), $(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"
