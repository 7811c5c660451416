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
 *
 * Flows: XDP sees every frame entering a shaped interface, both directions of a bridge or a stick, so it
 * alone keeps map_flows (bytes, packets, a rate estimate, TCP retransmits and end status per flow) and
 * turns TCP timestamps into RTT samples for user space (rtt_events).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <linux/tcp.h>
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

/* Not pinned: flows are rebuilt from traffic within a second, and the loader sizes the map from lqos.conf. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, LQOS_FLOWS_DEFAULT_MAX);
	__type(key, struct flow_key);
	__type(value, struct flow_data);
} map_flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct flow_settings);
} map_flow_settings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, LQOS_RTT_RING_BYTES);
} rtt_events SEC(".maps");

/* TCP options looked at before giving up on finding a timestamp. */
#define MAX_TCP_OPTIONS 10
#define TCPOPT_EOL 0
#define TCPOPT_NOP 1
#define TCPOPT_TIMESTAMP 8
#define TCPOLEN_TIMESTAMP 10
#define NS_PER_SECOND 1000000000ULL
#define NS_PER_MS 1000000ULL

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
	__u8 tos;
	__u32 l4_bytes; /* IP payload: the transport header and its data */
	void *l4;       /* the transport header (not bounds-checked yet) */
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
		pkt->tos = ip->tos;
		__u32 header = ip->ihl * 4;
		__u32 total = bpf_ntohs(ip->tot_len);
		pkt->l4_bytes = total > header ? total - header : 0;
		pkt->l4 = (void *)ip + header;
		return PARSE_OK;
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = cursor;
		if ((void *)(ip6 + 1) > data_end)
			return PARSE_TRUNCATED;
		__builtin_memcpy(pkt->src.address, &ip6->saddr, 16);
		__builtin_memcpy(pkt->dst.address, &ip6->daddr, 16);
		pkt->protocol = ip6->nexthdr; /* extension headers are not walked: they only affect the protocol tallies */
		pkt->tos = (ip6->priority << 4) | (ip6->flow_lbl[0] >> 4);
		pkt->l4_bytes = bpf_ntohs(ip6->payload_len);
		pkt->l4 = ip6 + 1;
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

struct tcp_facts {
	__u32 sequence;
	__u32 payload_bytes;
	__u32 tsval;
	__u32 tsecr;
	__u8 has_timestamps;
	__u8 fin;
	__u8 rst;
};

/* Reads the TCP header and, if present, the timestamp option (RFC 7323). False when the header is cut off. */
static __always_inline int read_tcp(const struct packet *pkt, void *data_end, struct tcp_facts *facts)
{
	struct tcphdr *tcp = pkt->l4;
	if ((void *)(tcp + 1) > data_end)
		return 0;
	__u32 header = tcp->doff * 4;
	facts->sequence = bpf_ntohl(tcp->seq);
	facts->payload_bytes = pkt->l4_bytes > header ? pkt->l4_bytes - header : 0;
	facts->fin = tcp->fin;
	facts->rst = tcp->rst;

	__u8 *option = (__u8 *)(tcp + 1);
	__u8 *options_end = (__u8 *)tcp + header;
	for (int i = 0; i < MAX_TCP_OPTIONS; i++) {
		if (option >= options_end || (void *)(option + 1) > data_end)
			break;
		__u8 kind = option[0];
		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			option++;
			continue;
		}
		if ((void *)(option + 2) > data_end)
			break;
		__u8 length = option[1];
		if (kind == TCPOPT_TIMESTAMP && length == TCPOLEN_TIMESTAMP) {
			if ((void *)(option + TCPOLEN_TIMESTAMP) > data_end)
				break;
			__be32 value, echo;
			__builtin_memcpy(&value, option + 2, 4);
			__builtin_memcpy(&echo, option + 6, 4);
			facts->tsval = bpf_ntohl(value);
			facts->tsecr = bpf_ntohl(echo);
			facts->has_timestamps = 1;
			break;
		}
		if (length < 2)
			break;
		option += length;
	}
	return 1;
}

static __always_inline void count_flow_bytes(struct flow_direction *way, __u64 bytes, __u64 now)
{
	way->bytes += bytes;
	way->packets++;
	if (!way->rate_window_start_ns)
		way->rate_window_start_ns = now;
	way->rate_window_bytes += bytes;
	__u64 elapsed = now - way->rate_window_start_ns;
	if (elapsed >= NS_PER_SECOND) {
		way->rate_estimate_bps = way->rate_window_bytes * 8000 / (elapsed / NS_PER_MS);
		way->rate_window_start_ns = now;
		way->rate_window_bytes = 0;
	}
}

/*
 * RTT from timestamps: the first packet carrying a new TSval one way starts a clock (if none is running that
 * way), and the first packet the other way whose TSecr echoes it stops the clock. One sample per round trip
 * at most, which is plenty; a clock whose TSval was skipped by the echoes is given up.
 */
static __always_inline void sample_rtt(const struct flow_key *key, struct flow_data *flow, int way, const struct tcp_facts *tcp, __u64 now)
{
	struct flow_direction *mine = way == LQOS_FLOW_DOWNLOAD ? &flow->download : &flow->upload;
	struct flow_direction *other = way == LQOS_FLOW_DOWNLOAD ? &flow->upload : &flow->download;

	if (tcp->tsval != mine->last_tsval) {
		mine->last_tsval = tcp->tsval;
		if (!mine->pending_tsval_ns || now - mine->pending_tsval_ns > LQOS_RTT_PENDING_MAX_NS) {
			mine->pending_tsval = tcp->tsval;
			mine->pending_tsval_ns = now;
		}
	}

	if (!other->pending_tsval_ns || !tcp->tsecr)
		return;
	__s32 ahead = (__s32)(tcp->tsecr - other->pending_tsval);
	if (ahead < 0)
		return;
	__u64 started = other->pending_tsval_ns;
	other->pending_tsval_ns = 0;
	if (ahead > 0)
		return;
	__u64 rtt = now - started;
	other->last_rtt_ns = rtt;
	struct rtt_event *event = bpf_ringbuf_reserve(&rtt_events, sizeof(*event), 0);
	if (!event)
		return; /* user space is behind: losing a sample is fine */
	event->key = *key;
	event->rtt_ns = rtt;
	event->direction = way == LQOS_FLOW_DOWNLOAD ? LQOS_FLOW_UPLOAD : LQOS_FLOW_DOWNLOAD;
	event->padding = 0;
	bpf_ringbuf_submit(event, 0);
}

static __always_inline void track_flow(const struct packet *pkt, void *data_end, enum side side, __u64 bytes,
				       const struct ip_hash_info *info, __u32 tc_handle)
{
	__u32 zero = 0;
	const struct flow_settings *settings = bpf_map_lookup_elem(&map_flow_settings, &zero);
	if (!settings || !settings->enabled)
		return;

	int way = side == SIDE_DOWNLOAD ? LQOS_FLOW_DOWNLOAD : LQOS_FLOW_UPLOAD;
	struct flow_key key = { .protocol = pkt->protocol };
	__builtin_memcpy(key.remote, way == LQOS_FLOW_DOWNLOAD ? pkt->src.address : pkt->dst.address, 16);
	__builtin_memcpy(key.local, way == LQOS_FLOW_DOWNLOAD ? pkt->dst.address : pkt->src.address, 16);

	struct tcp_facts tcp = {};
	int is_tcp = pkt->protocol == IPPROTO_TCP && read_tcp(pkt, data_end, &tcp);
	if (pkt->protocol == IPPROTO_TCP || pkt->protocol == IPPROTO_UDP) {
		__be16 *ports = pkt->l4;
		if ((void *)(ports + 2) > data_end)
			return;
		__u16 source = bpf_ntohs(ports[0]), destination = bpf_ntohs(ports[1]);
		key.remote_port = way == LQOS_FLOW_DOWNLOAD ? source : destination;
		key.local_port = way == LQOS_FLOW_DOWNLOAD ? destination : source;
	}

	__u64 now = bpf_ktime_get_boot_ns();
	struct flow_data *flow = bpf_map_lookup_elem(&map_flows, &key);
	if (!flow) {
		struct flow_data fresh = { .start_ns = now };
		/* An LRU map makes room by evicting; NOEXIST keeps a flow another CPU just created. */
		bpf_map_update_elem(&map_flows, &key, &fresh, BPF_NOEXIST);
		flow = bpf_map_lookup_elem(&map_flows, &key);
		if (!flow)
			return;
	}

	flow->last_seen_ns = now;
	flow->tc_handle = tc_handle;
	flow->circuit_id = info ? info->circuit_id : 0;
	flow->device_id = info ? info->device_id : 0;
	flow->tos = pkt->tos;
	struct flow_direction *mine = way == LQOS_FLOW_DOWNLOAD ? &flow->download : &flow->upload;
	count_flow_bytes(mine, bytes, now);
	if (!is_tcp)
		return;

	if (tcp.rst)
		flow->end_status = LQOS_FLOW_RST;
	else if (tcp.fin && flow->end_status == LQOS_FLOW_ALIVE)
		flow->end_status = LQOS_FLOW_FIN;
	if (tcp.payload_bytes) {
		if (mine->sequence_known && (__s32)(tcp.sequence - mine->last_sequence) < 0)
			mine->retransmits++;
		else
			mine->last_sequence = tcp.sequence;
		mine->sequence_known = 1;
	}
	if (tcp.has_timestamps)
		sample_rtt(&key, flow, way, &tcp, now);
}

SEC("xdp")
int lqos_xdp(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->ingress_ifindex;
	const struct interface_config *iface = bpf_map_lookup_elem(&map_interfaces, &ifindex);
	if (!iface)
		return XDP_PASS;

	struct packet pkt = {};
	void *data_end = (void *)(long)ctx->data_end;
	if (parse_packet((void *)(long)ctx->data, data_end, &pkt) != PARSE_OK)
		return XDP_PASS;
	enum side side = side_of(iface, &pkt, 1);
	if (side == SIDE_UNKNOWN)
		return XDP_PASS;

	const struct host_key *host = side == SIDE_DOWNLOAD ? &pkt.dst : &pkt.src;
	const struct ip_hash_info *info = lookup_mapping(host);
	__u32 shift = stick_shift(iface, side);
	__u32 tc_handle = (info && info->tc_handle) ? info->tc_handle + (shift << 16) : 0;
	__u64 bytes = bpf_xdp_get_buff_len(ctx);
	count_traffic(host, side, bytes, pkt.protocol, info, tc_handle);
	track_flow(&pkt, data_end, side, bytes, info, tc_handle);
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
