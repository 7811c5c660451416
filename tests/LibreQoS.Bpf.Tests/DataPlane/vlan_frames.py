"""Sends VLAN-tagged UDP frames into a trunk and reports the frames that come back, with their VLAN.

The test kernel has no 802.1Q devices, so an on-a-stick shaper is exercised with raw frames:
  vlan_frames.py IFACE INTERNET_VLAN ISP_VLAN CLIENT_IP INTERNET_IP COUNT
sends COUNT download frames (Internet VLAN, INTERNET_IP -> CLIENT_IP) and COUNT upload frames
(ISP VLAN, CLIENT_IP -> INTERNET_IP), then prints JSON: {"<vlan> <src>><dst>": frames received}.
"""
import json
import socket
import struct
import sys
import time

ETH_P_ALL, ETH_P_IP, ETH_P_8021Q = 0x0003, 0x0800, 0x8100
SOL_PACKET, PACKET_AUXDATA, PACKET_OUTGOING, TP_STATUS_VLAN_VALID = 263, 8, 4, 1 << 4


def checksum(header):
    total = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    total = (total >> 16) + (total & 0xFFFF)
    return ~(total + (total >> 16)) & 0xFFFF


def frame(vlan, src, dst):
    payload = b"lqos" * 16
    udp = struct.pack("!HHHH", 40000, 9, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    ethernet = bytes.fromhex("020000000002") + bytes.fromhex("020000000001")
    return ethernet + struct.pack("!HHH", ETH_P_8021Q, vlan, ETH_P_IP) + ip + udp


def describe(data, ancillary):
    vlan = None
    for level, kind, aux in ancillary:
        if level == SOL_PACKET and kind == PACKET_AUXDATA:
            status, _, _, _, _, tci, _ = struct.unpack("IIIHHHH", aux[:20])
            if status & TP_STATUS_VLAN_VALID:
                vlan = tci & 0x0FFF
    offset = 12
    if struct.unpack("!H", data[12:14])[0] == ETH_P_8021Q:
        vlan = struct.unpack("!H", data[14:16])[0] & 0x0FFF
        offset = 16
    if struct.unpack("!H", data[offset:offset + 2])[0] != ETH_P_IP:
        return None
    ip = data[offset + 2:]
    return "%s %s>%s" % (vlan, socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20]))


def main():
    iface, internet_vlan, isp_vlan, client, internet, count = sys.argv[1:7]
    receiver = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    receiver.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    receiver.bind((iface, 0))
    receiver.settimeout(1.0)
    sender = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sender.bind((iface, 0))
    for _ in range(int(count)):
        sender.send(frame(int(internet_vlan), internet, client))
        sender.send(frame(int(isp_vlan), client, internet))

    seen = {}
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            data, ancillary, _, address = receiver.recvmsg(4096, socket.CMSG_SPACE(20))
        except socket.timeout:
            break
        if address[2] == PACKET_OUTGOING:
            continue
        key = describe(data, ancillary)
        if key:
            seen[key] = seen.get(key, 0) + 1
    print(json.dumps(seen))


main()
