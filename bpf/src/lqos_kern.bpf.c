// SPDX-License-Identifier: GPL-2.0
/*
 * LibreQoS kernel programs: classify each packet by the customer's address, count it per host, spread
 * shaped hosts across CPUs (XDP + cpumap), and steer each packet into its HTB class (TC egress sets
 * skb->priority to the class id and skb->queue_mapping to the queue of that class's HTB tree).
 *
 * Direction: on the interface facing the Internet, ingress is download (the customer is the destination)
 * and egress is upload (the customer is the source); on the interface facing the ISP it is the reverse.
 * On a stick (one trunk interface) the outer VLAN tag says which side a frame belongs to, and the
 * ingress program moves frames from one VLAN to the other.
 *
 * All per-interface settings live in map_interfaces (keyed by ifindex), so one loaded object serves
 * every shaped interface and a restarted loader can re-attach without reloading per interface.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "lqos_abi.h"

/* Tags looked through before the IP header (802.1Q and 802.1ad, so QinQ fits). */
#define MAX_VLAN_DEPTH 2
#define VLAN_VID_MASK 0x0FFF
/* Enough linear bytes for Ethernet, two tags and an IPv6 header. */
#define MAX_HEADER_BYTES (ETH_HLEN + MAX_VLAN_DEPTH * 4 + 40)

char LICENSE[] SEC("license") = "GPL";

/* Pinned maps: created once, reused by every later load (their max_entries must then stay the same). */

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, LQOS_MAX_TRACKED_IPS);
	__type(key, struct ip_hash_key);
	__type(value, struct ip_hash_info);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} map_ip_to_cpu_and_tc SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, LQOS_MAX_TRACKED_IPS);
	__type(key, struct host_key);
	__type(value, struct host_counter);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} map_traffic SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, LQOS_MAX_INTERFACES);
	__type(key, __u32);
	__type(value, struct interface_config);
} map_interfaces SEC(".maps");

/* The three CPU-indexed maps are sized to the possible CPUs by the loader before load (a cpumap larger
 * than the kernel's NR_CPUS is refused), so the 1 here is only a placeholder. */

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32); /* queue size; an entry exists only for a shaping CPU */
} cpu_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);   /* logical CPU of a mapping (ip_hash_info.cpu) */
	__type(value, __u32); /* physical CPU that shapes it */
} cpus_available SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32); /* physical CPU */
	__type(value, struct txq_config);
} map_txq_config SEC(".maps");

struct vlan_tag {
	__be16 tci;
	__be16 encapsulated_proto;
};

enum parse_result { PARSE_OK, PARSE_NOT_IP, PARSE_TRUNCATED };

struct packet {
	struct host_key src;
	struct host_key dst;
	__u8 protocol;
	__u8 has_vlan;
	__u16 vlan_id; /* outer tag */
};

enum side { SIDE_UNKNOWN, SIDE_DOWNLOAD, SIDE_UPLOAD };

static __always_inline void encode_ipv4(struct host_key *key, __be32 address)
{
	__builtin_memset(key->address, 0xFF, 12);
	__builtin_memcpy(&key->address[12], &address, 4);
}

/* The outer VLAN may already be known (an skb whose tag the stack moved out of the data). */
static __always_inline enum parse_result parse_packet(void *data, void *data_end, struct packet *pkt)
{
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return PARSE_TRUNCATED;
	__be16 proto = eth->h_proto;
	void *cursor = eth + 1;

#pragma unroll
	for (int i = 0; i < MAX_VLAN_DEPTH; i++) {
		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		struct vlan_tag *tag = cursor;
		if ((void *)(tag + 1) > data_end)
			return PARSE_TRUNCATED;
		if (!pkt->has_vlan) {
			pkt->vlan_id = bpf_ntohs(tag->tci) & VLAN_VID_MASK;
			pkt->has_vlan = 1;
		}
		proto = tag->encapsulated_proto;
		cursor = tag + 1;
	}

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = cursor;
		if ((void *)(ip + 1) > data_end)
			return PARSE_TRUNCATED;
		encode_ipv4(&pkt->src, ip->saddr);
		encode_ipv4(&pkt->dst, ip->daddr);
		pkt->protocol = ip->protocol;
		return PARSE_OK;
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = cursor;
		if ((void *)(ip6 + 1) > data_end)
			return PARSE_TRUNCATED;
		__builtin_memcpy(pkt->src.address, &ip6->saddr, 16);
		__builtin_memcpy(pkt->dst.address, &ip6->daddr, 16);
		pkt->protocol = ip6->nexthdr; /* extension headers are not walked: they only affect the protocol tallies */
		return PARSE_OK;
	}
	return PARSE_NOT_IP;
}

/* Which way a frame arriving on (ingress) or leaving by (egress) the interface travels. */
static __always_inline enum side side_of(const struct interface_config *iface, const struct packet *pkt, int ingress)
{
	switch (iface->direction) {
	case LQOS_DIRECTION_TO_INTERNET:
		return ingress ? SIDE_DOWNLOAD : SIDE_UPLOAD;
	case LQOS_DIRECTION_TO_ISP:
		return ingress ? SIDE_UPLOAD : SIDE_DOWNLOAD;
	case LQOS_DIRECTION_ON_A_STICK:
		if (!pkt->has_vlan)
			return SIDE_UNKNOWN;
		/* A download arrives on the Internet VLAN and leaves on the ISP VLAN; an upload the reverse. */
		if (pkt->vlan_id == iface->internet_vlan)
			return ingress ? SIDE_DOWNLOAD : SIDE_UPLOAD;
		if (pkt->vlan_id == iface->isp_vlan)
			return ingress ? SIDE_UPLOAD : SIDE_DOWNLOAD;
		return SIDE_UNKNOWN;
	default:
		return SIDE_UNKNOWN;
	}
}

static __always_inline struct ip_hash_info *lookup_mapping(const struct host_key *host)
{
	struct ip_hash_key key = { .prefixlen = 128 };
	__builtin_memcpy(key.address, host->address, 16);
	return bpf_map_lookup_elem(&map_ip_to_cpu_and_tc, &key);
}

/* On a stick the upload half of the HTB trees sits stick_offset queues above the download half. */
static __always_inline __u32 stick_shift(const struct interface_config *iface, enum side side)
{
	return (iface->direction == LQOS_DIRECTION_ON_A_STICK && side == SIDE_UPLOAD) ? iface->stick_offset : 0;
}

static __always_inline void count_traffic(const struct host_key *host, enum side side, __u64 bytes, __u8 protocol,
					  const struct ip_hash_info *info, __u32 tc_handle)
{
	struct host_counter *counter = bpf_map_lookup_elem(&map_traffic, host);
	if (!counter) {
		struct host_counter zero = {};
		/* NOEXIST: another CPU may have inserted the host meanwhile; either way look it up again. */
		bpf_map_update_elem(&map_traffic, host, &zero, BPF_NOEXIST);
		counter = bpf_map_lookup_elem(&map_traffic, host);
		if (!counter)
			return;
	}

	/* Per-CPU values: only this CPU writes this copy, so plain increments are safe. */
	int download = side == SIDE_DOWNLOAD;
	if (download) {
		counter->download_bytes += bytes;
		counter->download_packets++;
	} else {
		counter->upload_bytes += bytes;
		counter->upload_packets++;
	}
	if (protocol == IPPROTO_TCP) {
		if (download)
			counter->tcp_download_packets++;
		else
			counter->tcp_upload_packets++;
	} else if (protocol == IPPROTO_UDP) {
		if (download)
			counter->udp_download_packets++;
		else
			counter->udp_upload_packets++;
	} else if (protocol == IPPROTO_ICMP || protocol == IPPROTO_ICMPV6) {
		if (download)
			counter->icmp_download_packets++;
		else
			counter->icmp_upload_packets++;
	}
	counter->tc_handle = tc_handle;
	counter->circuit_id = info ? info->circuit_id : 0;
	counter->device_id = info ? info->device_id : 0;
	counter->last_seen_ns = bpf_ktime_get_boot_ns();
}

SEC("xdp")
int lqos_xdp(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->ingress_ifindex;
	const struct interface_config *iface = bpf_map_lookup_elem(&map_interfaces, &ifindex);
	if (!iface)
		return XDP_PASS;

	struct packet pkt = {};
	if (parse_packet((void *)(long)ctx->data, (void *)(long)ctx->data_end, &pkt) != PARSE_OK)
		return XDP_PASS;
	enum side side = side_of(iface, &pkt, 1);
	if (side == SIDE_UNKNOWN)
		return XDP_PASS;

	const struct host_key *host = side == SIDE_DOWNLOAD ? &pkt.dst : &pkt.src;
	const struct ip_hash_info *info = lookup_mapping(host);
	__u32 shift = stick_shift(iface, side);
	__u32 tc_handle = (info && info->tc_handle) ? info->tc_handle + (shift << 16) : 0;
	count_traffic(host, side, bpf_xdp_get_buff_len(ctx), pkt.protocol, info, tc_handle);
	if (!tc_handle)
		return XDP_PASS; /* unshaped traffic stays on the CPU that received it */

	__u32 logical_cpu = info->cpu + shift;
	const __u32 *cpu = bpf_map_lookup_elem(&cpus_available, &logical_cpu);
	if (!cpu)
		return XDP_PASS;
	/* The low bits of the flags are the action when the CPU has no cpumap entry. */
	return bpf_redirect_map(&cpu_map, *cpu, XDP_PASS);
}

/* Headers may sit beyond the linear part of an skb; pull them in once before giving up. */
static __always_inline enum parse_result parse_skb(struct __sk_buff *skb, struct packet *pkt)
{
	if (skb->vlan_present) {
		pkt->vlan_id = skb->vlan_tci & VLAN_VID_MASK;
		pkt->has_vlan = 1;
	}
	enum parse_result result = parse_packet((void *)(long)skb->data, (void *)(long)skb->data_end, pkt);
	if (result != PARSE_TRUNCATED)
		return result;
	__u32 wanted = skb->len < MAX_HEADER_BYTES ? skb->len : MAX_HEADER_BYTES;
	if (bpf_skb_pull_data(skb, wanted))
		return PARSE_TRUNCATED;
	return parse_packet((void *)(long)skb->data, (void *)(long)skb->data_end, pkt);
}

SEC("tc")
int lqos_tc_egress(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	const struct interface_config *iface = bpf_map_lookup_elem(&map_interfaces, &ifindex);
	if (!iface)
		return TC_ACT_OK;

	/* Unshaped traffic leaves by the queue of the CPU it is on (the HTB default class of that tree). */
	__u32 this_cpu = bpf_get_smp_processor_id();
	const struct txq_config *txq = bpf_map_lookup_elem(&map_txq_config, &this_cpu);
	if (txq && txq->queue_mapping)
		skb->queue_mapping = txq->queue_mapping;

	struct packet pkt = {};
	if (parse_skb(skb, &pkt) != PARSE_OK)
		return TC_ACT_OK;
	enum side side = side_of(iface, &pkt, 0);
	if (side == SIDE_UNKNOWN)
		return TC_ACT_OK;

	const struct ip_hash_info *info = lookup_mapping(side == SIDE_DOWNLOAD ? &pkt.dst : &pkt.src);
	if (!info || !info->tc_handle)
		return TC_ACT_OK;
	__u32 tc_handle = info->tc_handle + (stick_shift(iface, side) << 16);
	/* HTB picks the class whose id equals skb->priority; that class lives in the HTB tree whose major
	 * is the handle's major, which the planner puts on transmit queue major - 1 (queue_mapping = major). */
	skb->priority = tc_handle;
	if (tc_handle >> 16)
		skb->queue_mapping = tc_handle >> 16;
	return TC_ACT_OK;
}

/* On a stick: a frame tagged with one side's VLAN goes back out of the same trunk tagged with the other's. */
SEC("tc")
int lqos_tc_stick_ingress(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	const struct interface_config *iface = bpf_map_lookup_elem(&map_interfaces, &ifindex);
	if (!iface || iface->direction != LQOS_DIRECTION_ON_A_STICK || !skb->vlan_present)
		return TC_ACT_OK;

	/* The receive path has already moved the outer tag out of the data into vlan_tci. */
	__u16 vlan = skb->vlan_tci & VLAN_VID_MASK;
	__u16 other;
	if (vlan == iface->internet_vlan)
		other = iface->isp_vlan;
	else if (vlan == iface->isp_vlan)
		other = iface->internet_vlan;
	else
		return TC_ACT_OK;

	__be16 vlan_proto = skb->vlan_proto;
	__u16 tci = (skb->vlan_tci & ~VLAN_VID_MASK) | other;
	if (bpf_skb_vlan_pop(skb) || bpf_skb_vlan_push(skb, vlan_proto, tci))
		return TC_ACT_SHOT;
	return bpf_redirect(ifindex, 0);
}
