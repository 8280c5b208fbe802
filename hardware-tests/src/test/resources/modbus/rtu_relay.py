#!/usr/bin/python3
"""A serial-line fault injector between two pseudo-terminals, for the RTU hardware test.

    rtu_relay.py MASTER_SIDE_TTY SLAVE_SIDE_TTY CONTROL_DIR

Bytes from the master (Tidegate) go to the slave (pymodbus) untouched. Answers from the slave are
gathered until the line has been quiet for 3 ms (one frame) and passed on, unless a control file
asks otherwise for the next answer only (the file is removed once used):
    CONTROL_DIR/corrupt    flip one bit of a data byte (the CRC no longer matches)
    CONTROL_DIR/truncate   drop the last three bytes
    CONTROL_DIR/garbage    send two junk bytes after the answer (a long frame)
    CONTROL_DIR/delay      hold the answer back for 0.45 s (a late answer, after the master's timeout)
"""
import os
import select
import sys
import time
import tty


def open_raw(path):
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    return fd


def take(control, name):
    path = os.path.join(control, name)
    if os.path.exists(path):
        os.remove(path)
        return True
    return False


def main():
    master = open_raw(sys.argv[1])
    slave = open_raw(sys.argv[2])
    control = sys.argv[3]
    answer = bytearray()
    held = []  # (time to send, frame)
    while True:
        wait = 0.003 if answer else 1.0
        if held:
            wait = max(0.0, min(wait, held[0][0] - time.monotonic()))
        ready, _, _ = select.select([master, slave], [], [], wait)
        if held and time.monotonic() >= held[0][0]:
            os.write(master, held.pop(0)[1])
        if master in ready:
            os.write(slave, os.read(master, 512))
        if slave in ready:
            answer += os.read(slave, 512)
            continue
        if answer and slave not in ready:
            frame = bytes(answer)
            answer.clear()
            if take(control, "corrupt") and len(frame) > 4:
                frame = frame[:3] + bytes([frame[3] ^ 0x10]) + frame[4:]
            elif take(control, "truncate") and len(frame) > 4:
                frame = frame[:-3]
            elif take(control, "garbage"):
                frame = frame + b"\x55\xaa"
            elif take(control, "delay"):
                held.append((time.monotonic() + 0.45, frame))
                continue
            os.write(master, frame)
            with open(os.path.join(control, "answers"), "a") as log:
                log.write(frame.hex() + "\n")


if __name__ == "__main__":
    main()
