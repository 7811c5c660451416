#!/usr/bin/env python3
"""A userspace delay bridge for kernel tests (the test kernels have no netem).

Usage: delay_bridge.py IFACE_A IFACE_B DELAY_MS

Forwards every Ethernet frame between two interfaces over AF_PACKET sockets, holding frames that travel from
IFACE_A to IFACE_B for DELAY_MS milliseconds and passing the other way at once. Prints "ready" once both
sockets listen. The interfaces should have their offloads off (ethtool -K ... tx off tso off gso off gro off)
so that every frame is a real, checksummed, MTU-sized one.
"""
import heapq
import select
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def open_raw(interface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind((interface, 0))
    s.setblocking(False)
    return s


def receive_all(sock):
    """Frames waiting on the socket, leaving out the ones this bridge sent itself."""
    frames = []
    while True:
        try:
            frame, address = sock.recvfrom(65536)
        except BlockingIOError:
            return frames
        if address[2] != PACKET_OUTGOING:
            frames.append(frame)


def main():
    a, b = open_raw(sys.argv[1]), open_raw(sys.argv[2])
    delay = float(sys.argv[3]) / 1000.0
    held = []  # (due time, sequence, frame) on their way from a to b
    sequence = 0
    print("ready", flush=True)
    while True:
        timeout = max(0.0, held[0][0] - time.monotonic()) if held else 1.0
        readable, _, _ = select.select([a, b], [], [], timeout)
        now = time.monotonic()
        if a in readable:
            for frame in receive_all(a):
                heapq.heappush(held, (now + delay, sequence, frame))
                sequence += 1
        if b in readable:
            for frame in receive_all(b):
                a.send(frame)
        while held and held[0][0] <= time.monotonic():
            b.send(heapq.heappop(held)[2])


if __name__ == "__main__":
    main()
