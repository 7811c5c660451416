"""integrationWISPGate against a local WISPGate: the files it writes, and what a bad answer does."""
from __future__ import annotations

from pathlib import Path

import pytest

import liblqos_python as lq
from conftest import write_config
from crm_files import device_rows, rows, network, validate, with_previous_files, assert_untouched
from crm_servers import Broken
from crm_servers import wispgate as account_data

SHAPED = "/api/libreqos/shaped-devices"


@pytest.fixture
def account():
    return account_data.WISPGateAccount()


@pytest.fixture
def wispgate(account):
    server = account_data.serve(account)
    yield server
    server.close()


@pytest.fixture
def configure(tmp_path, lqos, monkeypatch, wispgate):
    directory = tmp_path / "src"
    directory.mkdir()

    def apply(key: str = account_data.API_TOKEN) -> Path:
        config = write_config(tmp_path, directory, extra=f'[wispgate_integration]\nenable_wispgate = true\n'
                                                         f'wispgate_api_token = "{key}"\nwispgate_api_url = "{wispgate.url}"\n')
        monkeypatch.setenv("LQOS_CONFIG", str(config))
        lq._reset_config_cache()
        return directory
    return apply


def run_import():
    import integrationWISPGate
    api = integrationWISPGate.wispgate_api()
    api.sleep = lambda seconds: None
    api.backoff_seconds = 0
    return integrationWISPGate.importFromWISPGate(api)


def test_integration_wispgate_account_writes_circuits_under_their_access_points(configure, lqos, wispgate, capsys):
    directory = configure()

    assert run_import() == 230

    tree = network(directory)
    assert len(tree) == 12 and all(node["type"] == "ap" for node in tree.values())
    assert tree["Mesa-AP1"]["id"] == "wispgate:Mesa-AP1"
    devices = device_rows(directory)
    assert len(devices) == 240
    first = [r for r in devices if r["Circuit ID"] == "WG1000"]
    assert [(r["Device Name"], r["IPv4"], r["IPv6"], r["MAC"]) for r in first] == [
        ("cpe-1000", "100.80.0.10", "2001:db8:80::/64", "68:D7:9A:00:00:00"), ("router-1000", "100.81.0.10", "", "")]
    assert (first[0]["Circuit Name"], first[0]["Parent Node"]) == ("Subscriber 1000", "Mesa-AP1")
    assert (first[0]["Download Max Mbps"], first[0]["Upload Max Mbps"]) == ("20", "4")
    assert rows(directory)["WG1004"]["Parent Node"] == "Canyon-AP2"
    assert "OK: 230 circuits" in validate(lqos, directory)
    assert "WISPGate: no record skipped" in capsys.readouterr().out
    assert all("wg-5c1f" not in r for r in wispgate.requests)


def test_integration_wispgate_node_rates_come_from_the_bandwidths_csv(configure, lqos):
    directory = configure()
    (directory / "integrationWISPGateBandwidths.csv").write_text("ParentNode,Download Mbps,Upload Mbps\nMesa-AP1,300,100\n")

    run_import()

    tree = network(directory)
    assert (tree["Mesa-AP1"]["downloadBandwidthMbps"], tree["Mesa-AP1"]["uploadBandwidthMbps"]) == (300, 100)
    validate(lqos, directory)


def test_integration_wispgate_circuit_without_a_plan_is_skipped(configure, account, lqos, capsys):
    directory = configure()
    for key in ("Download Min Mbps", "Download Max Mbps"):
        account.rows[3][key] = None  # WG1002 (rows 0 and 1 are WG1000's)
    account.rows[4]["Download Max Mbps"] = None  # WG1003: falls back to its minimum

    assert run_import() == 229

    out = capsys.readouterr().out
    assert "WISPGate: skipped circuit WG1002 (Subscriber 1002): no usable Download/Upload Max (or Min) Mbps; assign a plan in WISPGate" in out
    assert "WISPGate: 1 records skipped (1 no plan)" in out
    assert "WG1002" not in rows(directory) and rows(directory)["WG1003"]["Download Max Mbps"] == "10"
    validate(lqos, directory)


def test_integration_wispgate_duplicate_address_goes_to_the_first_circuit(configure, account, lqos, capsys):
    directory = configure()
    account.rows[6]["IPv4"] = account.rows[5]["IPv4"]  # WG1005 takes WG1004's

    assert run_import() == 229

    out = capsys.readouterr().out
    assert "WISPGate: circuit WG1005 (Subscriber 1005): address 100.80.0.14 is already circuit WG1004 (Subscriber 1004)'s; left out" in out
    assert "WISPGate: skipped circuit WG1005 (Subscriber 1005): no device with a usable IP address" in out
    assert rows(directory)["WG1004"]["IPv4"] == "100.80.0.14"
    validate(lqos, directory)


def test_integration_wispgate_rows_with_missing_fields_are_reported(configure, account, lqos, capsys):
    directory = configure()
    del account.rows[7]["Circuit ID"]       # WG1006's device
    account.rows[8]["IPv4"] = "not-an-ip"   # WG1007
    account.rows[9]["Upload Max Mbps"] = "fast"  # WG1008
    account.rows[10]["Parent Node"] = None  # WG1009: no parent

    assert run_import() == 227

    out = capsys.readouterr().out
    assert "WISPGate: skipped device ? (cpe-1006): the row has no Circuit ID" in out
    assert "WISPGate: circuit WG1007 (Subscriber 1007): address 'not-an-ip' is not a valid IP address or network; left out" in out
    assert "WISPGate: skipped circuit WG1008 (Subscriber 1008): no usable Download/Upload Max (or Min) Mbps" in out
    assert "WISPGate: 3 records skipped (1 missing field, 1 no IP address, 1 no plan)" in out
    assert rows(directory)["WG1009"]["Parent Node"] == ""
    validate(lqos, directory)


def test_integration_wispgate_server_error_leaves_the_files(configure, wispgate):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    wispgate.break_route(SHAPED, Broken(502))

    with pytest.raises(integrationUtils.IntegrationFailed, match="shaped-devices failed 4 times, last with HTTP 502"):
        run_import()

    assert_untouched(directory)


def test_integration_wispgate_retries_a_transient_error(configure, wispgate, capsys):
    configure()
    wispgate.break_route(SHAPED, Broken(503, times=1))

    assert run_import() == 230
    assert capsys.readouterr().out.count("HTTP 503") == 1


def test_integration_wispgate_invalid_json_leaves_the_files(configure, wispgate):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    wispgate.break_route(SHAPED, Broken(200, b'[{"Circuit ID": "WG1000",'))

    with pytest.raises(integrationUtils.IntegrationFailed, match="shaped-devices did not answer with JSON"):
        run_import()

    assert_untouched(directory)


def test_integration_wispgate_wrong_token_leaves_the_files(configure):
    import integrationUtils
    directory = configure(key="wrong")
    with_previous_files(directory)

    with pytest.raises(integrationUtils.IntegrationFailed, match="answered with a JSON dict"):
        run_import()

    assert_untouched(directory)


def test_integration_wispgate_every_circuit_unusable_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    for row in account.rows:
        row["IPv4"] = None
        row["IPv6"] = None

    with pytest.raises(integrationUtils.IntegrationFailed, match="none of the 230 circuits could be imported"):
        run_import()

    assert_untouched(directory)


def test_integration_wispgate_empty_list_where_there_were_circuits_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    account.rows.clear()

    with pytest.raises(integrationUtils.IntegrationFailed, match="no circuits where ShapedDevices.csv has 1"):
        run_import()

    assert_untouched(directory)
