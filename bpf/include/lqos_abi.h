/*
 * Every constant and struct shared by the kernel programs (bpf/src/lqos_kern.bpf.c) and C#
 * (bpf/LibreQoS.Bpf/Abi/). Each C# mirror carries [MirrorsC("name")], and AbiLayoutTests compiles
 * sizeof/offsetof assertions generated from those mirrors against this file, so the two cannot drift.
 *
 * Byte order: addresses are network order (as on the wire); every other field is host order.
 */
#ifndef LQOS_ABI_H
#define LQOS_ABI_H

#include <linux/types.h>

/* Capacity of the IP mapping trie and of the per-host counters (upstream MAX_TRACKED_IPS). */
#define LQOS_MAX_TRACKED_IPS 128000

/* Frames a cpumap entry queues for its CPU (upstream's value). */
#define LQOS_CPUMAP_QUEUE_SIZE 2048

/* Capacity of the interface table: two interfaces in bridge mode, one on a stick, room to grow. */
#define LQOS_MAX_INTERFACES 64

/* IPv4 addresses are stored as 12 bytes of 0xFF then the 4 address bytes, with prefix 96 + N
 * (upstream's encoding, not the standard ::ffff:a.b.c.d); IPv6 addresses are stored as they are. */
#define LQOS_IPV4_PREFIX_OFFSET 96

/* What an interface faces, which decides whose address keys the lookup (interface_config.direction). */
#define LQOS_DIRECTION_TO_INTERNET 1 /* ingress is download: key by destination; egress is upload: key by source */
#define LQOS_DIRECTION_TO_ISP 2      /* ingress is upload: key by source; egress is download: key by destination */
#define LQOS_DIRECTION_ON_A_STICK 3  /* one trunk: the VLAN decides (internet_vlan = the Internet side) */

/* Key of map_ip_to_cpu_and_tc (an LPM trie: prefixlen counts bits of address, 0..128). */
struct ip_hash_key {
	__u32 prefixlen;
	__u8 address[16];
};

/* Value of map_ip_to_cpu_and_tc: where a host's traffic goes. */
struct ip_hash_info {
	__u32 cpu;       /* logical shaping CPU: index into cpus_available */
	__u32 tc_handle; /* HTB class id, major << 16 | minor; 0 = leave unshaped */
	__u64 circuit_id;
	__u64 device_id;
};

/* Key of map_traffic: the customer-side address (destination on download, source on upload). */
struct host_key {
	__u8 address[16];
};

/* Per-CPU value of map_traffic; userspace sums the CPUs. Layout of upstream v2.0's host_counter. */
struct host_counter {
	__u64 download_bytes;
	__u64 upload_bytes;
	__u64 download_packets;
	__u64 upload_packets;
	__u64 tcp_download_packets;
	__u64 tcp_upload_packets;
	__u64 udp_download_packets;
	__u64 udp_upload_packets;
	__u64 icmp_download_packets;
	__u64 icmp_upload_packets;
	__u32 tc_handle; /* of the last packet this CPU saw; 0 when the host is not mapped */
	__u32 padding;
	__u64 circuit_id;
	__u64 device_id;
	__u64 last_seen_ns; /* bpf_ktime_get_boot_ns(): CLOCK_BOOTTIME */
};

/* Value of map_txq_config, indexed by physical CPU: the transmit queue that CPU's shaping uses. */
struct txq_config {
	__u32 queue_mapping; /* skb->queue_mapping to set: transmit queue index + 1 */
};

/* Value of map_interfaces, keyed by ifindex: how the programs treat one shaped interface. */
struct interface_config {
	__u32 direction;     /* LQOS_DIRECTION_* */
	__u16 internet_vlan; /* on a stick: VLAN id (host order, 1..4094) of the Internet side */
	__u16 isp_vlan;      /* on a stick: VLAN id of the ISP side */
	__u32 stick_offset;  /* on a stick: added to the CPU, and << 16 to the tc handle, for upload */
};

/* Flow tracking (map_flows). The loader sizes the LRU map from lqos.conf's [flows] before load; this is the
 * default. An LRU evicts the least recently used flow when full, so a flood of new 5-tuples never fails an insert. */
#define LQOS_FLOWS_DEFAULT_MAX 256000

/* Bytes of the RTT sample ring buffer. */
#define LQOS_RTT_RING_BYTES (256 * 1024)

/* flow_data.end_status */
#define LQOS_FLOW_ALIVE 0
#define LQOS_FLOW_FIN 1
#define LQOS_FLOW_RST 2

/* rtt_event.direction: download travels from the Internet to the customer, upload the other way. */
#define LQOS_FLOW_DOWNLOAD 0
#define LQOS_FLOW_UPLOAD 1

/* A TSval awaiting its echo longer than this is given up (the echo was lost or the peer stopped talking). */
#define LQOS_RTT_PENDING_MAX_NS 2000000000ULL

/* Key of map_flows: both addresses in the host map's encoding; ports in host order. "Remote" is the Internet
 * side, "local" the customer side, whichever way the packet travels. */
struct flow_key {
	__u8 remote[16];
	__u8 local[16];
	__u16 remote_port;
	__u16 local_port;
	__u8 protocol;
	__u8 padding[3];
};

/* One direction of a flow. The kernel writes it without atomics (as upstream): two CPUs updating one flow at
 * the same instant may lose a count, which the per-host counters do not suffer. */
struct flow_direction {
	__u64 bytes;
	__u64 packets;
	__u64 rate_window_start_ns; /* the rate estimate covers bytes since this time */
	__u64 rate_window_bytes;
	__u64 rate_estimate_bps;    /* bits per second over the last completed window (about 1 s) */
	__u64 pending_tsval_ns;     /* when pending_tsval was first seen; 0 = none awaiting its echo */
	__u64 last_rtt_ns;
	__u32 pending_tsval;        /* a TCP timestamp value sent this way, awaiting its echo (TSecr) the other way */
	__u32 last_tsval;
	__u32 last_sequence;        /* highest TCP sequence number of a segment with payload */
	__u32 retransmits;          /* segments with payload whose sequence went backwards */
	__u32 sequence_known;       /* 1 once last_sequence holds a real value */
	__u32 padding;
};

/* Value of map_flows. */
struct flow_data {
	__u64 start_ns;     /* bpf_ktime_get_boot_ns() of the first packet */
	__u64 last_seen_ns; /* of the newest packet */
	struct flow_direction download;
	struct flow_direction upload;
	__u64 circuit_id;   /* of the mapping of the local address when last seen; 0 unmapped */
	__u64 device_id;
	__u32 tc_handle;
	__u8 end_status;    /* LQOS_FLOW_* */
	__u8 tos;
	__u8 padding[2];
};

/* One RTT sample in the ring buffer: the time between a TSval crossing the shaper one way and its echo crossing
 * back. direction LQOS_FLOW_DOWNLOAD: the TSval went towards the customer (the customer-side round trip). */
struct rtt_event {
	struct flow_key key;
	__u64 rtt_ns;
	__u32 direction;
	__u32 padding;
};

/* Value of map_flow_settings[0]. */
struct flow_settings {
	__u32 enabled; /* 0: the programs track no flows */
	__u32 padding;
};

#endif
