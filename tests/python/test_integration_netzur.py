"""integrationNetzur against a local Netzur: the files it writes, and what a bad answer does."""
from __future__ import annotations

from pathlib import Path

import pytest

import liblqos_python as lq
from conftest import write_config
from crm_files import device_rows, rows, network, validate, with_previous_files, assert_untouched
from crm_servers import Broken
from crm_servers import netzur as account_data

ACTIVE = account_data.CUSTOMERS - len(account_data.SUSPENDED)


@pytest.fixture
def account():
    return account_data.NetzurAccount()


@pytest.fixture
def netzur(account):
    server = account_data.serve(account)
    yield server
    server.close()


@pytest.fixture
def configure(tmp_path, lqos, monkeypatch, netzur):
    directory = tmp_path / "src"
    directory.mkdir()

    def apply(key: str = account_data.API_KEY, extra: str = "") -> Path:
        config = write_config(tmp_path, directory, extra=f'[netzur_integration]\nenable_netzur = true\napi_key = "{key}"\n'
                                                         f'api_url = "{netzur.url}{account_data.EXPORT_PATH}"\ntimeout_secs = 7\n'
                                                         + extra)
        monkeypatch.setenv("LQOS_CONFIG", str(config))
        lq._reset_config_cache()
        return directory
    return apply


def run_import():
    import integrationNetzur
    api = integrationNetzur.netzur_api()
    api.sleep = lambda seconds: None
    api.backoff_seconds = 0
    return integrationNetzur.importFromNetzur(api)


def test_integration_netzur_account_writes_zones_and_every_active_customer(configure, lqos, netzur, capsys):
    directory = configure()

    assert run_import() == ACTIVE == 220

    tree = network(directory)
    assert sorted(tree) == ["Centro", "Norte", "Sur"]
    assert sorted(tree["Norte"]["children"]) == ["Norte Torre A", "Norte Torre B"]
    norte = tree["Norte"]
    assert (norte["downloadBandwidthMbps"], norte["uploadBandwidthMbps"], norte["id"]) == (900, 600, "netzur:zone-1")
    assert tree["Norte"]["children"]["Norte Torre A"]["downloadBandwidthMbps"] == 400
    assert tree["Centro"]["downloadBandwidthMbps"] == 1000  # no rates in Netzur: the default, capped by the link
    circuits = rows(directory)
    assert len(circuits) == ACTIVE and "NZ-2005" not in circuits  # suspended
    first = circuits["NZ-2000"]
    assert (first["Circuit Name"], first["Parent Node"], first["Parent Node ID"]) == ("Lucia Rojas 2000", "Norte", "netzur:zone-1")
    assert (first["Download Max Mbps"], first["Upload Max Mbps"], first["Download Min Mbps"]) == ("20", "5", "19.6")
    assert (first["IPv4"], first["IPv6"]) == ("100.70.0.10", "2001:db8:70::/56")
    assert (first["MAC"], first["Device Name"]) == ("DC:2C:6E:00:00:00", "onu-2000")
    assert circuits["NZ-2003"]["Parent Node"] == "Norte Torre A"
    assert (circuits["NZ-2003"]["Download Max Mbps"], circuits["NZ-2003"]["Upload Max Mbps"]) == ("300", "100")
    assert circuits["NZ-2039"]["IPv4"] == "100.70.0.49, 100.71.0.0/29"
    assert len(device_rows(directory)) == ACTIVE
    assert "OK: 220 circuits" in validate(lqos, directory)
    assert "Netzur: no record skipped" in capsys.readouterr().out
    assert netzur.requests == [account_data.EXPORT_PATH]


def test_integration_netzur_excluded_zone_leaves_its_customers_to_generated_parents(configure, lqos):
    directory = configure(extra='[uisp_integration]\nexclude_sites = ["Sur"]\n')  # shared by every integration

    run_import()

    assert sorted(network(directory)) == ["Centro", "Norte"]
    assert rows(directory)["NZ-2001"]["Parent Node"] == ""
    validate(lqos, directory)


def test_integration_netzur_customer_without_a_plan_is_skipped(configure, account, lqos, capsys):
    directory = configure()
    account.customers[1]["plan"] = None
    account.customers[2]["plan"]["upload_mbps"] = 0

    assert run_import() == ACTIVE - 2

    out = capsys.readouterr().out
    assert ("Netzur: skipped customer NZ-2001 (Mateo Rojas 2001): no plan with download_mbps and upload_mbps above zero; "
            "assign a plan in Netzur") in out
    assert "Netzur: 2 records skipped (2 no plan)" in out
    assert "NZ-2001" not in rows(directory) and "NZ-2002" not in rows(directory)
    validate(lqos, directory)


def test_integration_netzur_duplicate_address_and_id_go_to_the_first(configure, account, lqos, capsys):
    directory = configure()
    account.customers[4]["ipv4"] = account.customers[3]["ipv4"]
    account.customers[6]["id"] = account.customers[5 + 2]["id"]  # NZ-2007 listed twice
    account.customers[6]["name"] = "Copy"

    assert run_import() == ACTIVE - 2

    out = capsys.readouterr().out
    assert ("Netzur: customer NZ-2004 (Valeria Rojas 2004): address 100.70.0.13 is already customer NZ-2003 (Diego Rojas 2003)'s; "
            "left out") in out
    assert "Netzur: skipped customer NZ-2004 (Valeria Rojas 2004): no usable IP address; set the customer's IPv4 in Netzur" in out
    assert "Netzur: skipped customer NZ-2007 (Joaquin Rojas 2007): listed twice; the first record is used" in out
    assert rows(directory)["NZ-2007"]["Circuit Name"] == "Copy"
    validate(lqos, directory)


def test_integration_netzur_missing_fields_and_duplicate_zone_names_are_reported(configure, account, lqos, capsys):
    directory = configure()
    del account.customers[8]["id"]
    account.customers[9]["ipv4"] = ["100.70.0.300"]
    account.customers[10]["zone_id"] = "99"
    account.customers[11] = "garbage"
    account.zones[4]["name"] = "Norte Torre A"

    assert run_import() == ACTIVE - 3

    out = capsys.readouterr().out
    assert "Netzur: skipped customer ? (Martina Rojas 2008): the record has no id" in out
    assert "Netzur: customer NZ-2009 (Bruno Rojas 2009): address '100.70.0.300' is not a valid IP address or network; left out" in out
    assert "Netzur: customer NZ-2010 (Lucia Perez 2010): zone '99' is not in the export; the circuit gets a generated parent node" in out
    assert "Netzur: skipped customer ?: the record is a str, not an object" in out
    assert "Netzur: zone 5: name 'Norte Torre A' is already another node's; named 'Norte Torre A [5]'" in out
    assert "Netzur: 3 records skipped (1 missing field, 1 no IP address, 1 malformed record), 3 changed" in out
    assert rows(directory)["NZ-2010"]["Parent Node"] == ""
    assert sorted(network(directory)["Norte"]["children"]) == ["Norte Torre A", "Norte Torre A [5]"]
    validate(lqos, directory)


def test_integration_netzur_retries_a_transient_error(configure, netzur, capsys):
    configure()
    netzur.break_route(account_data.EXPORT_PATH, Broken(503, times=2))

    assert run_import() == ACTIVE
    assert capsys.readouterr().out.count("HTTP 503") == 2


def test_integration_netzur_server_error_leaves_the_files(configure, netzur):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    netzur.break_route(account_data.EXPORT_PATH, Broken(500))

    with pytest.raises(integrationUtils.IntegrationFailed, match="api/libreqos failed 4 times, last with HTTP 500"):
        run_import()

    assert_untouched(directory)


def test_integration_netzur_invalid_json_leaves_the_files(configure, netzur):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    netzur.break_route(account_data.EXPORT_PATH, Broken(200, b'{"zones": [], "customers": [{"id": '))

    with pytest.raises(integrationUtils.IntegrationFailed, match="api/libreqos did not answer with JSON"):
        run_import()

    assert_untouched(directory)


def test_integration_netzur_answer_without_the_lists_leaves_the_files(configure, netzur):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    netzur.break_route(account_data.EXPORT_PATH, Broken(200, b'{"zones": [], "clientes": []}'))

    with pytest.raises(integrationUtils.IntegrationFailed,
                       match=r"not answer with an object holding 'zones' and 'customers' lists \(found \['clientes', 'zones'\]\)"):
        run_import()

    assert_untouched(directory)


def test_integration_netzur_wrong_key_leaves_the_files(configure):
    import integrationUtils
    directory = configure(key="wrong")
    with_previous_files(directory)

    with pytest.raises(integrationUtils.IntegrationFailed, match="HTTP 401.*Check the API credentials"):
        run_import()

    assert_untouched(directory)


def test_integration_netzur_every_customer_unusable_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    for customer in account.customers:
        customer["plan"] = {}

    with pytest.raises(integrationUtils.IntegrationFailed, match="none of the 220 active customers could be imported"):
        run_import()

    assert_untouched(directory)


def test_integration_netzur_no_customers_where_there_were_some_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    account.customers.clear()

    with pytest.raises(integrationUtils.IntegrationFailed, match="no circuits where ShapedDevices.csv has 1"):
        run_import()

    assert_untouched(directory)
