namespace LibreQoS.Config.Tests.Toml;

/// <summary>A realistic /etc/lqos.conf: many sections, comments, commented-out options, arrays and arrays of tables.</summary>
internal static class SampleConfig
{
    public const string LqosConf = """
        # This file *must* be installed in `/etc/lqos.conf`.
        # Change the values to match your setup.

        version = "1.5"
        lqos_directory = "/opt/libreqos/src"
        node_id = "0000-0000-0000"
        node_name = "Example Node"
        packet_capture_time = 10 # seconds
        queue_check_period_ms = 1000

        [usage_stats]
        send_anonymous = true
        anonymous_server = "stats.libreqos.io:9125"

        [tuning]
        # IRQ balance breaks XDP_Redirect, which we use. Recommended to leave as true.
        stop_irq_balance = true
        netdev_budget_usecs = 8000
        netdev_budget_packets = 300
        rx_usecs = 0
        tx_usecs = 0
        disable_rxvlan = true
        disable_txvlan = true
        # What offload types should be disabled on the NIC. The defaults are recommended here.
        disable_offload = [ "gso", "tso", "lro", "sg", "gro" ]

        # For a two interface setup, use the following - and replace
        # "enp1s0f1" and "enp1s0f2" with your network card names (obtained
        # from `ip link`):
        [bridge]
        use_xdp_bridge = true
        to_internet = "enp1s0f1" # faces the core router
        to_network = "enp1s0f2"

        # For "on a stick" (single interface mode):
        # [single_interface]
        # interface = "enp1s0f1"
        # internet_vlan = 2
        # network_vlan = 3

        [queues]
        default_sqm = "cake diffserv4"
        monitor_only = false
        uplink_bandwidth_mbps = 1_000
        downlink_bandwidth_mbps = 1_000
        generated_pn_download_mbps = 1000
        generated_pn_upload_mbps = 1000
        dry_run = false
        sudo = false
        #override_available_queues = 12 # This can be omitted and be 0 for Python
        use_binpacking = false

        [long_term_stats]
        gather_stats = true
        collation_period_seconds = 10
        license_key = "(data)"
        uisp_reporting_interval_seconds = 300

        [ip_ranges]
        ignore_subnets = []
        allow_subnets = [
            "172.16.0.0/12",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "192.168.0.0/16", # management
        ]

        [integration_common]
        circuit_name_as_address = false
        always_overwrite_network_json = false
        queue_refresh_interval_mins = 30

        [uisp_integration]
        enable_uisp = false
        token = ""
        url = "https://uisp.your_isp.com"
        site = "Your_Site_Name"
        strategy = "full"
        suspended_strategy = "none"
        airmax_capacity = 0.65
        ltu_capacity = 0.90
        exclude_sites = []
        ipv6_with_mikrotik = false
        bandwidth_overhead_factor = 1.0
        commit_bandwidth_multiplier = 0.98
        exception_cpes = []
        use_ptmp_as_parent = false

        [flows]
        flow_timeout_seconds = 30
        netflow_enabled = false
        do_not_track_subnets = [ "192.168.66.0/24" ]

        # Circuits that bypass shaping, one table per circuit.
        [[shaping_exceptions]]
        circuit_id = "c-1001"
        reason = 'NOC uplink'
        added = 2024-03-01T12:00:00Z

        [[shaping_exceptions]]
        circuit_id = "c-2042"
        reason = "Tower backhaul"
        added = 2024-04-15
        limits = { download_mbps = 950, upload_mbps = 950 }

        [influxdb]
        enable_influxdb = false
        url = "http://localhost:8086"
        org = "libreqos"
        bucket = "Your ISP Name Here"
        token = ""

        """;
}
