#!/usr/bin/python3
"""A serial line that runs at wire speed, between two pseudo-terminals, for the RTU benchmark.

    paced_rtu_line.py line GATEWAY_LINK SERVER_LINK BAUD BITS_PER_CHAR
    paced_rtu_line.py check GATEWAY_LINK SERVER_LINK BAUD BITS_PER_CHAR

A pseudo-terminal hands bytes over as fast as they are written, whatever baud rate is set, so an
RTU benchmark over a bare pty measures software, not the line. `line` creates two pseudo-terminals,
links their names to GATEWAY_LINK and SERVER_LINK, and forwards each direction at the wire speed of
BAUD with BITS_PER_CHAR bits per character (start + data + parity + stop: 11 for 8N2 and 8E1, 10
for 8N1). Like a UART, a byte is delivered when its last bit has arrived: byte k of a burst that
starts on an idle line at t0 is delivered no earlier than t0 + (k + 1) character times, so the
bytes of one frame stay contiguous and a gap the sender leaves stays a gap. Delivery times are
computed on the wire's clock, not from the previous delivery, so a late wake-up of this process
delays the bytes it concerns but never slows the line down (the error does not add up).
Each direction is paced on its own; Modbus never talks both ways at once, so this is the
half-duplex RS-485 line as far as Modbus can tell.

`check` measures a running `line` (before anything else opens it): a bulk transfer each way, whose
rate must be the wire rate, and the delay this relay adds to the end of an 8-byte frame.
"""
import ctypes
import os
import select
import statistics
import sys
import time
import tty


class Direction:
    """Bytes from one pty master on their way to the other, each with the time its last bit lands."""

    def __init__(self, source, target, char_time):
        self.source = source
        self.target = target
        self.char_time = char_time
        self.pending = bytearray()
        self.due = []            # delivery time of each pending byte, ascending
        self.line_free = 0.0     # when the wire finishes the last byte taken

    def take(self, now):
        data = os.read(self.source, 4096)
        for _ in data:
            self.line_free = max(now, self.line_free) + self.char_time
            self.due.append(self.line_free)
        self.pending += data

    def next_due(self):
        return self.due[0] if self.due else None

    def deliver(self, now):
        n = 0
        while n < len(self.due) and self.due[n] <= now:
            n += 1
        if n:
            os.write(self.target, self.pending[:n])
            del self.pending[:n]
            del self.due[:n]


def open_pty(link):
    """A raw pty whose slave is reachable as link; the slave stays open here, so a client that
    closes it does not make the master report end of line."""
    master, slave = os.openpty()
    tty.setraw(slave)
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.ttyname(slave), link)
    return master, slave


def fine_timers():
    """Ask the kernel for 1 µs timer slack instead of the default 50 µs (a character at 19200 baud
    is 573 µs); without it the wake-ups are only a little later."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(29, 1000, 0, 0, 0)  # PR_SET_TIMERSLACK, ns
    except (OSError, AttributeError):
        pass


def line(gateway_link, server_link, char_time):
    fine_timers()
    gateway, _ = open_pty(gateway_link)
    server, _ = open_pty(server_link)
    directions = [Direction(gateway, server, char_time), Direction(server, gateway, char_time)]
    by_source = {d.source: d for d in directions}
    while True:
        dues = [d.next_due() for d in directions if d.next_due() is not None]
        wait = max(0.0, min(dues) - time.monotonic()) if dues else None
        ready, _, _ = select.select(list(by_source), [], [], wait)
        now = time.monotonic()
        for fd in ready:
            by_source[fd].take(now)
        for d in directions:
            d.deliver(now)


def open_raw(path):
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    return fd


def read_exactly(fd, n, deadline=10.0):
    got = bytearray()
    end = time.monotonic() + deadline
    while len(got) < n:
        ready, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        if not ready:
            sys.exit(f"check: only {len(got)} of {n} bytes arrived within {deadline} s")
        got += os.read(fd, n - len(got))
    return bytes(got)


def check(gateway_link, server_link, baud, bits, char_time):
    a, b = open_raw(gateway_link), open_raw(server_link)
    for name, src, dst in (("gateway->server", a, b), ("server->gateway", b, a)):
        size = int(2 / char_time)  # two seconds of wire time
        data = bytes(i % 251 for i in range(size))
        t0 = time.monotonic()
        os.write(src, data)
        got = read_exactly(dst, size)
        took = time.monotonic() - t0
        if got != data:
            sys.exit(f"check: {name} bulk transfer corrupted")
        wire = size * char_time
        print(f"paced line {baud} baud {bits} bits/char, {name}: {size} bytes in {took:.3f} s, wire time"
              f" {wire:.3f} s, {size / took:.1f} chars/s = {100 * wire / took:.1f} % of the wire rate")
        extra = []
        for _ in range(50):
            frame = bytes(range(8))
            t0 = time.monotonic()
            os.write(src, frame)
            read_exactly(dst, len(frame))
            extra.append(time.monotonic() - t0 - len(frame) * char_time)
            time.sleep(0.005)
        print(f"  8-byte frame arrives {statistics.median(extra) * 1e6:.0f} µs (median; max"
              f" {max(extra) * 1e6:.0f} µs) after its wire time of {len(frame) * char_time * 1e6:.0f} µs")
    os.close(a)
    os.close(b)


def main():
    if len(sys.argv) != 6 or sys.argv[1] not in ("line", "check"):
        sys.exit(__doc__)
    baud, bits = int(sys.argv[4]), int(sys.argv[5])
    char_time = bits / baud
    if sys.argv[1] == "line":
        line(sys.argv[2], sys.argv[3], char_time)
    else:
        check(sys.argv[2], sys.argv[3], baud, bits, char_time)


if __name__ == "__main__":
    main()
