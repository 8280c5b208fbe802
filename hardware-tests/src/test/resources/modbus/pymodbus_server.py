#!/usr/bin/python3
"""A Modbus server for Tidegate's hardware tests, on Debian's python3-pymodbus (3.0).

    pymodbus_server.py tcp PORT [DELAY_SECONDS]     unit 1 with the known map on 127.0.0.1:PORT
    pymodbus_server.py rtu TTY                      units 1, 2 and 3 with the known map, RTU at 19200 8N2

(8N2, not the usual 8E1: a Linux pseudo-terminal refuses parity settings.)

The register values are computed here with struct, independently of Tidegate's codec, from the
expected values in known_map() below; the Java tests assert the same expected values.
A DELAY makes every read of holding registers answer that many seconds late (a slow unit).
"""
import struct
import sys
import time

from pymodbus.datastore import (ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext,
                                ModbusSparseDataBlock)
from pymodbus.transaction import ModbusRtuFramer
from pymodbus.server import StartSerialServer, StartTcpServer


def words(fmt, value, order):
    """Registers (16-bit ints) holding value packed big-endian with fmt, rearranged to order."""
    raw = struct.pack(">" + fmt, value)
    regs = [raw[i:i + 2] for i in range(0, len(raw), 2)]
    if order in ("CDAB", "DCBA"):
        regs.reverse()
    if order in ("BADC", "DCBA"):
        regs = [r[::-1] for r in regs]
    return [int.from_bytes(r, "big") for r in regs]


def known_map(unit):
    """Holding registers by address. Addresses 41-49 and 61 are absent: reading them raises exception 02."""
    hr = {}

    def put(address, regs):
        for i, r in enumerate(regs):
            hr[address + i] = r

    put(0, words("h", -200 - unit, "ABCD"))
    put(1, words("H", 65000, "ABCD"))
    put(2, words("i", -123456, "ABCD"))
    put(4, words("i", -123456, "CDAB"))
    put(6, words("i", -123456, "BADC"))
    put(8, words("i", -123456, "DCBA"))
    put(10, words("I", 3735928559, "ABCD"))
    put(12, words("f", 12.375, "ABCD"))
    put(14, words("f", 12.375, "CDAB"))
    put(16, words("f", 12.375, "BADC"))
    put(18, words("f", 12.375, "DCBA"))
    put(20, words("q", 81985529216486895, "ABCD"))
    put(24, words("q", -81985529216486895, "CDAB"))
    put(28, words("d", 3.141592653589793, "ABCD"))
    put(32, words("d", 3.141592653589793, "DCBA"))
    put(36, [int.from_bytes(b"PU", "big"), int.from_bytes(b"MP", "big"), int.from_bytes(b"1\0", "big"), 0])
    put(40, [0x8005])
    put(50, [4242])
    put(60, [7])
    return hr


class SlowBlock(ModbusSparseDataBlock):
    def __init__(self, values, delay):
        super().__init__(values)
        self.delay = delay

    def getValues(self, address, count=1):
        time.sleep(self.delay)
        return super().getValues(address, count)


def context(unit, delay=0.0):
    hr = known_map(unit)
    block = SlowBlock(hr, delay) if delay > 0 else ModbusSparseDataBlock(hr)
    return ModbusSlaveContext(
        hr=block,
        ir=ModbusSparseDataBlock({0: 1234 + unit}),
        co=ModbusSequentialDataBlock(0, [False, True]),
        di=ModbusSequentialDataBlock(0, [True]),
        zero_mode=True)


def main():
    mode = sys.argv[1]
    if mode == "tcp":
        port = int(sys.argv[2])
        delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
        ctx = ModbusServerContext(slaves={1: context(1, delay)}, single=False)
        StartTcpServer(context=ctx, address=("127.0.0.1", port))
    elif mode == "rtu":
        ctx = ModbusServerContext(slaves={u: context(u) for u in (1, 2, 3)}, single=False)
        StartSerialServer(context=ctx, framer=ModbusRtuFramer, port=sys.argv[2], baudrate=19200, bytesize=8,
                          parity="N", stopbits=2, timeout=0.005)
    else:
        sys.exit("usage: pymodbus_server.py tcp PORT [DELAY] | rtu TTY")


if __name__ == "__main__":
    main()
