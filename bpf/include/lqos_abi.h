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

#endif
