"""integrationSplynx against a local Splynx: the files it writes for each strategy, and what a bad answer does."""
from __future__ import annotations

from pathlib import Path

import pytest

import liblqos_python as lq
from conftest import write_config
from crm_files import rows, network, validate, with_previous_files, assert_untouched
from crm_servers import Broken
from crm_servers import splynx as account_data


@pytest.fixture
def account():
    return account_data.SplynxAccount()


@pytest.fixture
def splynx(account):
    server = account_data.serve(account)
    yield server
    server.close()


@pytest.fixture
def configure(tmp_path, lqos, monkeypatch, splynx):
    """Points lqos.conf at the local Splynx with a strategy; returns lqos_directory."""
    directory = tmp_path / "src"
    directory.mkdir()

    def apply(strategy: str = "ap_site", key: str = account_data.API_KEY) -> Path:
        config = write_config(tmp_path, directory, extra=f'[splynx_integration]\nenable_splynx = true\napi_key = "{key}"\n'
                                                         f'api_secret = "{account_data.API_SECRET}"\nurl = "{splynx.url}"\n'
                                                         f'strategy = "{strategy}"\n')
        monkeypatch.setenv("LQOS_CONFIG", str(config))
        lq._reset_config_cache()
        return directory
    return apply


def run_import():
    import integrationSplynx
    api = integrationSplynx.splynx_api()
    api.sleep = lambda seconds: None
    api.backoff_seconds = 0
    return integrationSplynx.importFromSplynx(api)


# -- a healthy account ---------------------------------------------------------------------------------------------

def test_integration_splynx_ap_site_writes_sites_aps_and_every_circuit(configure, lqos, capsys):
    directory = configure("ap_site")

    assert run_import() == 240

    tree = network(directory)
    assert sorted(tree) == sorted(account_data.SITES)
    assert tree["North Tower"]["id"] == "splynx:site-1"
    assert sorted(tree["North Tower"]["children"]) == ["North AP 1", "North AP 2", "North AP 3"]
    assert tree["North Tower"]["children"]["North AP 1"]["type"] == "ap"
    circuits = rows(directory)
    assert len(circuits) == 240
    first = circuits["5001"]
    assert (first["Circuit Name"], first["Parent Node"], first["Parent Node ID"]) == ("Ana Garcia 1001", "North AP 1", "splynx:hw-211")
    assert (first["Download Max Mbps"], first["Upload Max Mbps"], first["Download Min Mbps"], first["Upload Min Mbps"]) == ("25", "5", "24.5", "4.9")
    assert first["IPv6"] == "2001:db8::/56"
    assert circuits["5002"]["IPv4"] == "100.64.0.11, 100.65.1.0/29"
    assert (circuits["5004"]["Download Max Mbps"], circuits["5004"]["Upload Max Mbps"]) == ("300", "50")  # fixed burst wins
    assert circuits["5031"]["IPv4"] == "100.66.0.11"  # from its online session
    assert circuits["5001"]["IPv4"] == "100.66.0.10"
    assert "OK: 240 circuits" in validate(lqos, directory)
    assert "Splynx: no record skipped" in capsys.readouterr().out


def test_integration_splynx_full_nests_access_points_under_backhauls(configure, lqos):
    directory = configure("full")

    run_import()

    north = network(directory)["North Tower"]
    assert list(north["children"]) == ["North Backhaul"]
    assert sorted(north["children"]["North Backhaul"]["children"]) == ["North AP 1", "North AP 2", "North AP 3"]
    assert rows(directory)["5001"]["Parent Node"] == "North AP 1"
    validate(lqos, directory)


def test_integration_splynx_ap_only_puts_access_points_at_the_top(configure, lqos):
    directory = configure("ap_only")

    run_import()

    tree = network(directory)
    assert len(tree) == 12 and all(node["type"] == "ap" and "children" not in node for node in tree.values())
    assert rows(directory)["5002"]["Parent Node"] == "East AP 1"
    validate(lqos, directory)


def test_integration_splynx_flat_leaves_every_circuit_to_generated_parents(configure, lqos, splynx):
    directory = configure("flat")

    run_import()

    assert network(directory) == {}
    assert {row["Parent Node"] for row in rows(directory).values()} == {""}
    assert not [r for r in splynx.requests if "monitoring" in r]
    validate(lqos, directory)


def test_integration_splynx_pages_through_long_listings(configure, splynx):
    configure("ap_site")

    run_import()

    services = [r for r in splynx.requests if "internet-services" in r]
    assert len(services) == 1 and "limit=500" in services[0] and "offset=0" in services[0]


def test_integration_splynx_retries_a_transient_server_error(configure, splynx, capsys):
    directory = configure()
    splynx.break_route("/api/2.0/admin/customers/customer", Broken(503, times=2))

    assert run_import() == 240

    assert (directory / "ShapedDevices.csv").exists()
    assert capsys.readouterr().out.count("HTTP 503") == 2


# -- bad records: reported, skipped, the rest imported ----------------------------------------------------------------

def test_integration_splynx_skips_a_service_without_a_plan(configure, account, lqos, capsys):
    directory = configure()
    account.services[3]["tariff_id"] = 99

    assert run_import() == 239

    out = capsys.readouterr().out
    assert ("Splynx: skipped service 5004 (Dev Garcia 1004): no usable internet tariff (tariff_id 99); "
            "assign a plan with speeds in Splynx") in out
    assert "Splynx: 1 records skipped (1 no plan)" in out
    assert "5004" not in rows(directory)
    validate(lqos, directory)


def test_integration_splynx_gives_a_duplicate_address_to_the_first_service_only(configure, account, lqos, capsys):
    directory = configure()
    account.services[5]["ipv4"] = account.services[4]["ipv4"]
    account.services[7]["ipv4"] = account.services[6]["ipv4"]
    account.services[7]["ipv4_route"] = "100.65.7.0/29"

    assert run_import() == 239

    out = capsys.readouterr().out
    assert "Splynx: service 5006 (Femi Garcia 1006): address 100.64.0.14 is already service 5005 (Elif Garcia 1005)'s; left out" in out
    assert "Splynx: skipped service 5006 (Femi Garcia 1006): no usable IP address" in out
    circuits = rows(directory)
    assert circuits["5005"]["IPv4"] == "100.64.0.14" and "5006" not in circuits
    assert circuits["5008"]["IPv4"] == "100.65.7.0/29"
    validate(lqos, directory)


def test_integration_splynx_reports_records_with_missing_fields(configure, account, lqos, capsys):
    directory = configure()
    del account.tariffs[4]["speed_download"]  # Business 1G: its 48 services have no plan
    del account.services[0]["customer_id"]
    account.services[1]["ipv4"] = "100.64.0.999"
    account.services[1]["ipv4_route"] = ""

    assert run_import() == 240 - 48 - 2

    out = capsys.readouterr().out
    assert "Splynx: skipped tariff 5 (Business 1G): speed_download or speed_upload is missing or not a number" in out
    assert "Splynx: skipped service 5001: the record has no id or customer_id" in out
    assert "Splynx: service 5002 (Ben Garcia 1002): address '100.64.0.999' is not a valid IP address or network; left out" in out
    assert "Splynx: 51 records skipped (48 no plan, 1 tariff without speeds, 1 missing field, 1 no IP address), 1 changed" in out
    validate(lqos, directory)


def test_integration_splynx_renames_a_duplicate_node_name(configure, account, lqos, capsys):
    directory = configure()
    account.hardware[2]["title"] = "North AP 1"

    run_import()

    assert "Splynx: hardware 212: name 'North AP 1' is already another node's; named 'North AP 1 [212]'" in capsys.readouterr().out
    assert sorted(network(directory)["North Tower"]["children"]) == ["North AP 1", "North AP 1 [212]", "North AP 3"]
    validate(lqos, directory)


# -- answers that cannot be trusted: nothing is written ---------------------------------------------------------------

def test_integration_splynx_server_error_on_a_listing_leaves_the_files(configure, splynx):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    splynx.break_route("/api/2.0/admin/customers/customer/0/internet-services", Broken(500))

    with pytest.raises(integrationUtils.IntegrationFailed, match=r"internet-services\?main_attributes%5Bstatus%5D=active&limit=500&offset=0 "
                                                                 r"failed 4 times, last with HTTP 500"):
        run_import()

    assert_untouched(directory)


def test_integration_splynx_invalid_json_leaves_the_files(configure, splynx):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    splynx.break_route("/api/2.0/admin/customers/customer", Broken(200, b"<html>Login</html>"))

    with pytest.raises(integrationUtils.IntegrationFailed, match=r"admin/customers/customer\?limit=500&offset=0 did not answer with JSON"):
        run_import()

    assert_untouched(directory)


def test_integration_splynx_wrong_credentials_say_what_to_check(configure):
    import integrationUtils
    directory = configure(key="wrong")
    with_previous_files(directory)

    with pytest.raises(integrationUtils.IntegrationFailed, match="HTTP 401.*Check the API credentials"):
        run_import()

    assert_untouched(directory)


def test_integration_splynx_no_services_where_there_were_some_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    account.services.clear()

    with pytest.raises(integrationUtils.IntegrationFailed, match="no circuits where ShapedDevices.csv has 1"):
        run_import()

    assert_untouched(directory)


def test_integration_splynx_every_service_unusable_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    account.tariffs.clear()

    with pytest.raises(integrationUtils.IntegrationFailed, match="none of the 240 services could be imported"):
        run_import()

    assert_untouched(directory)


def test_integration_splynx_listing_that_is_not_a_list_leaves_the_files(configure, splynx):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    splynx.break_route("/api/2.0/admin/tariffs/internet", Broken(200, b'{"error": {"message": "Permission denied"}}'))

    with pytest.raises(integrationUtils.IntegrationFailed, match="answered with a JSON dict"):
        run_import()

    assert_untouched(directory)
