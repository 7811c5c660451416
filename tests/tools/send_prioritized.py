#!/usr/bin/env python3
"""Sends a few UDP packets into given HTB classes, for tests that need class byte counters to move.

Usage: send_prioritized.py DEST_IP HANDLE@CPU [HANDLE@CPU ...]

SO_PRIORITY set to a class handle makes HTB put the packet straight into that class; pinning the sender to a CPU
makes XPS (configured by the test) pick the TX queue whose HTB tree owns the class.
"""
import os
import socket
import sys

dest = sys.argv[1]
for spec in sys.argv[2:]:
    handle, cpu = spec.split("@")
    major, minor = (int(x, 16) for x in handle.split(":"))
    os.sched_setaffinity(0, {int(cpu)})
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY, (major << 16) | minor)
        for _ in range(20):
            s.sendto(b"x" * 100, (dest, 9))
