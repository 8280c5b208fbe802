#!/usr/bin/python3
"""Stands in for PID 1's notification socket: binds a Unix datagram socket (the kind systemd
listens on at $NOTIFY_SOCKET), prints each message it receives as one line, and closes the file
descriptors a message carries (systemd-notify's BARRIER=1 waits until the receiver closes them)."""
import os
import socket
import sys

path = sys.argv[1]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
print("listening", flush=True)
while True:
    data, fds, _flags, _addr = socket.recv_fds(sock, 4096, 8)
    for fd in fds:
        os.close(fd)
    print(data.decode("utf-8", "replace").replace("\n", "|"), flush=True)
