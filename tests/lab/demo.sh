#!/usr/bin/env bash
# `make demo`: LibreQoS shaping real traffic on this machine. Three network namespaces:
#   client (subscriber addresses) ──veth── shaper (isp0 + inet0 bridged, lqosd) ──veth── internet
# Generates a network with ../shared/tools/gen_network.py, starts lqosd in the shaper, applies the shaping,
# runs iperf3 downloads to eight subscribers and prints the live per-circuit rates every second until Ctrl-C
# (or DEMO_SECONDS), then removes everything it created. Needs root.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "make demo needs root (network namespaces, XDP, tc)" >&2; exit 1; }
run_for=${DEMO_SECONDS:-0}
work=/tmp/lqos-demo
client=lqos-demo-client; shaper=lqos-demo-shaper; internet=lqos-demo-internet
queues=$(( $(nproc) < 4 ? $(nproc) : 4 )); queues=$(( queues < 2 ? 2 : queues ))
pids=()

cleanup() {
  trap - EXIT INT TERM
  echo; echo "Cleaning up the demo..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for ns in "$client" "$shaper" "$internet"; do ip netns del "$ns" 2>/dev/null || true; done
  umount "$work/bpffs" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 0' INT TERM
for ns in "$client" "$shaper" "$internet"; do ip netns del "$ns" 2>/dev/null || true; done
umount "$work/bpffs" 2>/dev/null || true
rm -rf "$work"; mkdir -p "$work/src" "$work/bpffs"
mount -t bpf bpf "$work/bpffs"

echo "== Generating a network: 200 circuits under 10 sites"
python3 ../shared/tools/gen_network.py "$work/src" --circuits 200 --sites 10 --depth 2 --ipv6-share 0
mapfile -t subscribers < <(awk -F, 'NR > 1 && NR <= 9 { print $7 }' "$work/src/ShapedDevices.csv")

echo "== Building the lab: $queues TX queues per interface"
for ns in "$client" "$shaper" "$internet"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$shaper" link add isp0 numtxqueues "$queues" numrxqueues "$queues" type veth peer name eth0 netns "$client"
ip -n "$shaper" link add inet0 numtxqueues "$queues" numrxqueues "$queues" type veth peer name eth0 netns "$internet"
ip -n "$shaper" link add br0 type bridge
for dev in isp0 inet0; do ip -n "$shaper" link set "$dev" master br0; ip -n "$shaper" link set "$dev" up; done
ip -n "$shaper" link set br0 up
ip -n "$client" link set eth0 up; ip -n "$internet" link set eth0 up
for address in "${subscribers[@]}"; do ip -n "$client" addr add "$address/10" dev eth0 nodad; done
ip -n "$internet" addr add 100.127.255.254/10 dev eth0 nodad

sed -e "s#lqos_directory = \"/opt/libreqos/src\"#lqos_directory = \"$work/src\"#" \
    -e 's#to_internet = "eth0"#to_internet = "inet0"#' -e 's#to_network = "eth1"#to_network = "isp0"#' \
    -e "s#^\[queues\]#[queues]\noverride_available_queues = $queues\n\# This machine's kernel has no cake; a real shaper keeps cake and needs no fallback.\nfallback_sqm = \"pfifo\"#" \
    tests/fixtures/lqos-minimal.conf > "$work/lqos.conf"
printf '\n[lqosd]\nbus_socket = "%s/run/bus"\nbpf_pin_directory = "%s/bpffs/lqos"\n' "$work" "$work" >> "$work/lqos.conf"
export LQOS_CONFIG="$work/lqos.conf"

echo "== Starting lqosd in the shaper namespace (log: $work/lqosd.log)"
ip netns exec "$shaper" out/bin/lqosd > "$work/lqosd.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do [ -S "$work/run/bus" ] && break; sleep 0.1; done
[ -S "$work/run/bus" ] || { cat "$work/lqosd.log"; echo "lqosd did not start" >&2; exit 1; }

echo "== Applying the shaping as an upstream operator would: ./LibreQoS.py --debug from lqos_directory (through lqosd)"
cp compat/*.py "$work/src/"
(cd "$work/src" && LQOS_CLI="$OLDPWD/out/bin/lqos" ip netns exec "$shaper" ./LibreQoS.py --debug | tail -n 4)
echo "classes on isp0: $(ip netns exec "$shaper" tc class show dev isp0 | grep -c htb)"

echo "== Starting iperf3 downloads to ${#subscribers[@]} subscribers"
port=5300
for address in "${subscribers[@]}"; do
  port=$((port + 1))
  ip netns exec "$client" iperf3 -s -B "$address" -p "$port" > /dev/null 2>&1 & pids+=($!)
done
sleep 1
port=5300
for address in "${subscribers[@]}"; do
  port=$((port + 1))
  ip netns exec "$internet" iperf3 -c "$address" -p "$port" -t "${run_for:-0}" > /dev/null 2>&1 & pids+=($!)
done

echo "== Live per-circuit rates (each circuit is held to its plan's download maximum; Ctrl-C to stop)"
ip netns exec "$shaper" out/bin/lqos top --watch --count 8 --seconds "$run_for" || true
