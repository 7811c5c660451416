#!/usr/bin/env bash
# `make demo`: LibreQoS shaping real traffic on this machine. Three network namespaces:
#   client (subscriber addresses) ──veth── shaper (isp0 + inet0 bridged, lqosd) ──veth── internet
# Generates a network with ../shared/tools/gen_network.py, starts lqosd in the shaper, applies the shaping,
# runs iperf3 downloads to eight subscribers and prints the live per-circuit rates every second until Ctrl-C
# (or DEMO_SECONDS), then removes everything it created. Needs root.
# DEMO_CRM=splynx: the subscribers come from a local Splynx API (tests/lab/splynx_server.py) instead, imported by
# lqos_scheduler, which has lqosd shape them; then Splynx fails and `lqos scheduler status` shows the failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "make demo needs root (network namespaces, XDP, tc)" >&2; exit 1; }
run_for=${DEMO_SECONDS:-0}
crm=${DEMO_CRM:-}
case "$crm" in
  "" | splynx) ;;
  *) echo "DEMO_CRM=$crm: the demo imports from 'splynx' (or, unset, generates a network)" >&2; exit 2 ;;
esac
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
# True once the scheduler's run has written the inputs and lqosd has applied them (lqos exits 1 while a failure shows).
scheduler_ready() {
  [ -s "$work/src/ShapedDevices.csv" ] && grep -q '^phase: ready' <<< "$(out/bin/lqos scheduler status 2>/dev/null || true)"
}
trap cleanup EXIT
trap 'exit 0' INT TERM
for ns in "$client" "$shaper" "$internet"; do ip netns del "$ns" 2>/dev/null || true; done
umount "$work/bpffs" 2>/dev/null || true
rm -rf "$work"; mkdir -p "$work/src" "$work/bpffs"
mount -t bpf bpf "$work/bpffs"

if [ -z "$crm" ]; then
  echo "== Generating a network: 200 circuits under 10 sites"
  python3 ../shared/tools/gen_network.py "$work/src" --circuits 200 --sites 10 --depth 2 --ipv6-share 0
else
  echo "== Starting a local Splynx API: 240 customers on 4 sites with 3 access points each (log: $work/splynx.log)"
  python3 tests/lab/splynx_server.py "$work/splynx.url" > "$work/splynx.log" 2>&1 & splynx_pid=$!; pids+=($!)
  for _ in $(seq 100); do [ -s "$work/splynx.url" ] && break; sleep 0.1; done
  [ -s "$work/splynx.url" ] || { cat "$work/splynx.log"; echo "the Splynx API did not start" >&2; exit 1; }
  echo "Splynx API: $(cat "$work/splynx.url")"
fi

echo "== Building the lab: $queues TX queues per interface"
for ns in "$client" "$shaper" "$internet"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$shaper" link add isp0 numtxqueues "$queues" numrxqueues "$queues" type veth peer name eth0 netns "$client"
ip -n "$shaper" link add inet0 numtxqueues "$queues" numrxqueues "$queues" type veth peer name eth0 netns "$internet"
ip -n "$shaper" link add br0 type bridge
for dev in isp0 inet0; do ip -n "$shaper" link set "$dev" master br0; ip -n "$shaper" link set "$dev" up; done
ip -n "$shaper" link set br0 up
ip -n "$client" link set eth0 up; ip -n "$internet" link set eth0 up
ip -n "$internet" addr add 100.127.255.254/10 dev eth0

sed -e "s#lqos_directory = \"/opt/libreqos/src\"#lqos_directory = \"$work/src\"#" \
    -e 's#to_internet = "eth0"#to_internet = "inet0"#' -e 's#to_network = "eth1"#to_network = "isp0"#' \
    -e "s#^\[queues\]#[queues]\noverride_available_queues = $queues\n\# This machine's kernel has no cake; a real shaper keeps cake and needs no fallback.\nfallback_sqm = \"pfifo\"#" \
    tests/fixtures/lqos-minimal.conf > "$work/lqos.conf"
printf '\n[lqosd]\nbus_socket = "%s/run/bus"\nbpf_pin_directory = "%s/bpffs/lqos"\n' "$work" "$work" >> "$work/lqos.conf"
if [ "$crm" = splynx ]; then
  # The local account's credentials (tests/python/crm_servers/splynx.py).
  printf '\n[splynx_integration]\nenable_splynx = true\napi_key = "3f1c0a9e5d"\napi_secret = "b7e2c4d6f8"\nurl = "%s"\nstrategy = "ap_site"\n' \
    "$(cat "$work/splynx.url")" >> "$work/lqos.conf"
fi
export LQOS_CONFIG="$work/lqos.conf"
# The compat modules in lqos_directory (LibreQoS.py, integrations, liblqos_python) run this build's lqos.
export LQOS_CLI="$PWD/out/bin/lqos"

echo "== Starting lqosd in the shaper namespace (log: $work/lqosd.log)"
ip netns exec "$shaper" out/bin/lqosd > "$work/lqosd.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do [ -S "$work/run/bus" ] && break; sleep 0.1; done
[ -S "$work/run/bus" ] || { cat "$work/lqosd.log"; echo "lqosd did not start" >&2; exit 1; }

cp -r compat/*.py compat/liblqos_python "$work/src/"
if [ -z "$crm" ]; then
  echo "== Applying the shaping as an upstream operator would: ./LibreQoS.py --debug from lqos_directory (through lqosd)"
  (cd "$work/src" && ip netns exec "$shaper" ./LibreQoS.py --debug | tail -n 4)
else
  # Outside the namespaces, as systemd runs it: it reaches Splynx on 127.0.0.1 and lqosd through the bus socket.
  echo "== Starting lqos_scheduler with enable_splynx = true: it imports from Splynx, then asks lqosd to shape (log: $work/lqos_scheduler.log)"
  TMPDIR="$work" out/bin/lqos_scheduler --config "$work/lqos.conf" > "$work/lqos_scheduler.log" 2>&1 & pids+=($!)
  for _ in $(seq 300); do scheduler_ready && break; sleep 0.2; done
  grep -E "integrationSplynx: |Shaping refresh done" "$work/lqos_scheduler.log" | sed 's/^[0-9-]* [0-9:.]* [A-Z]* [A-Za-z.]*: /  /'
  scheduler_ready || { cat "$work/lqos_scheduler.log"; echo "lqos_scheduler did not import and shape within a minute" >&2; exit 1; }
fi
classes=$(ip netns exec "$shaper" tc class show dev isp0 | grep -c htb)
echo "classes on isp0: $classes; $(out/bin/lqos mappings list | tail -n 1)"

if [ "$crm" = splynx ]; then
  echo "== Splynx goes down (HTTP 500 on every path); the scheduler's job run by hand: lqos scheduler run-once"
  kill -USR1 "$splynx_pid"
  TMPDIR="$work" out/bin/lqos scheduler run-once --config "$work/lqos.conf" 2>&1 | grep -v -E '^[0-9-]+ [0-9:.]+ (INF|DBG) ' | tail -n 3 || true
  echo "== lqos scheduler status: the failure, a preview of its output, and the file with all of it"
  status=$(out/bin/lqos scheduler status || true)
  head -n 7 <<< "$status"; echo "  ..."
  log=$(sed -n 's/^full output: //p' <<< "$status")
  echo "full output: $log, ending with:"; tail -n 1 "$log"
  echo "classes on isp0 still: $(ip netns exec "$shaper" tc class show dev isp0 | grep -c htb) (lqosd keeps the last good shaping)"
  kill -USR1 "$splynx_pid"
fi

# Eight subscribers with one IPv4 address each get it on the client side, for iperf3.
mapfile -t subscribers < <(python3 -c '
import csv, sys
rows = csv.DictReader(open(sys.argv[1], newline=""))
print("\n".join([r["IPv4"] for r in rows if r["IPv4"] and not any(c in r["IPv4"] for c in ",/ ")][:8]))' "$work/src/ShapedDevices.csv")
for address in "${subscribers[@]}"; do ip -n "$client" addr add "$address/10" dev eth0; done

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
