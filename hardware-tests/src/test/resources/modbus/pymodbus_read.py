#!/usr/bin/python3
"""An independent client for the CLI cross-check: prints holding registers as the pymodbus client reads them.

    pymodbus_read.py HOST PORT UNIT ADDRESS COUNT
"""
import sys

from pymodbus.client import ModbusTcpClient

host, port, unit, address, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
client = ModbusTcpClient(host, port=port)
if not client.connect():
    sys.exit("cannot connect")
rr = client.read_holding_registers(address, count, slave=unit)
if rr.isError():
    sys.exit("error: %s" % rr)
print(" ".join(str(r) for r in rr.registers))
client.close()
