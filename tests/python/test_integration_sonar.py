"""integrationSonar against a local Sonar GraphQL API: the files it writes for each strategy, and what a bad answer does."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import liblqos_python as lq
from conftest import write_config
from crm_files import device_rows, rows, network, validate, with_previous_files, assert_untouched
from crm_servers import Broken
from crm_servers import sonar as account_data

ACTIVE = account_data.ACCOUNTS - len(account_data.INACTIVE)
GRAPHQL = account_data.GRAPHQL_PATH


@pytest.fixture
def account():
    return account_data.SonarAccount()


@pytest.fixture
def sonar(account):
    server = account_data.serve(account)
    yield server
    server.close()


@pytest.fixture
def configure(tmp_path, lqos, monkeypatch, sonar):
    directory = tmp_path / "src"
    directory.mkdir()

    def apply(strategy: str = "", key: str = account_data.API_KEY, active_ids: str = '["1", "2"]') -> Path:
        topology = f'[topology]\ncompile_mode = "{strategy}"\n' if strategy else ""
        config = write_config(tmp_path, directory, extra=topology + f'''[sonar_integration]
enable_sonar = true
sonar_api_url = "{sonar.url}{GRAPHQL}"
sonar_api_key = "{key}"
snmp_community = "public"
airmax_model_ids = ["29"]
ltu_model_ids = ["4"]
active_status_ids = {active_ids}
recurring_excluded_service_names = ["Static IP"]
recurring_service_rates = [{{ enabled = true, service_name = "Boost", download_mbps = 50.0, upload_mbps = 10.0 }},
                           {{ enabled = true, service_name = "Static IP", download_mbps = 5.0, upload_mbps = 5.0 }}]
''')
        monkeypatch.setenv("LQOS_CONFIG", str(config))
        lq._reset_config_cache()
        return directory
    return apply


def run_import():
    import integrationSonar
    api = integrationSonar.sonar_api()
    api.sleep = lambda seconds: None
    api.backoff_seconds = 0
    return integrationSonar.importFromSonar(api)


# -- a healthy account ---------------------------------------------------------------------------------------------

def test_integration_sonar_full_writes_sites_aps_and_every_active_account(configure, lqos, sonar, capsys):
    directory = configure()

    assert run_import() == ACTIVE == 228

    tree = network(directory)
    assert sorted(tree) == sorted(account_data.SITES)
    assert tree["Hilltop"]["id"] == "sonar:site-1" and tree["Hilltop"]["type"] == "site"
    assert sorted(tree["Hilltop"]["children"]) == ["Hilltop LTU Rocket 5002", "Hilltop Rocket 5AC 5000", "Hilltop Rocket 5AC 5001"]
    assert tree["Hilltop"]["children"]["Hilltop LTU Rocket 5002"]["type"] == "ap"
    circuits = rows(directory)
    assert len(circuits) == ACTIVE and "3007" not in circuits  # inactive
    first = [r for r in device_rows(directory) if r["Circuit ID"] == "3000"]
    assert [(r["Device Name"], r["IPv4"], r["IPv6"]) for r in first] == [("LiteBeam 90000", "100.72.0.10", "2001:db8:72::/64"),
                                                                        ("hAP 95000", "100.73.0.10", "")]
    assert (first[0]["Circuit Name"], first[0]["Parent Node"], first[0]["Parent Node ID"]) == (
        "Ava Ng 3000", "Hilltop Rocket 5AC 5000", "sonar:ap-5000")
    assert (first[0]["Download Max Mbps"], first[0]["Upload Max Mbps"]) == ("75", "15")  # 25/5 + Boost; Static IP excluded
    assert (circuits["3020"]["Download Max Mbps"], circuits["3020"]["Upload Max Mbps"]) == ("250", "50")
    assert (circuits["3001"]["Download Max Mbps"], circuits["3001"]["Parent Node"]) == ("100", "Hilltop Rocket 5AC 5001")
    assert circuits["3005"]["Parent Node"] == "Riverside LTU Rocket 5005"
    assert "OK: 228 circuits" in validate(lqos, directory)
    assert "Sonar: no record skipped" in capsys.readouterr().out
    pages = [json.loads(r.split("?", 1)[1])["paginator"]["page"] for r in sonar.requests]
    assert pages == [1, 2, 3, 1]  # 240 accounts, 100 a page; then the 4 network sites


def test_integration_sonar_ap_only_puts_access_points_at_the_top(configure, lqos):
    directory = configure("ap_only")

    run_import()

    tree = network(directory)
    assert len(tree) == 12 and all(node["type"] == "ap" for node in tree.values())
    assert rows(directory)["3013"]["Parent Node"] == "Hilltop Rocket 5AC 5001"
    validate(lqos, directory)


def test_integration_sonar_flat_asks_for_no_sites(configure, lqos, sonar):
    directory = configure("flat")

    assert run_import() == ACTIVE

    assert network(directory) == {}
    assert {row["Parent Node"] for row in rows(directory).values()} == {""}
    assert len(sonar.requests) == 3
    validate(lqos, directory)


def test_integration_sonar_without_active_status_ids_uses_activates_account(configure, lqos):
    directory = configure(active_ids="[]")

    assert run_import() == ACTIVE
    assert "3007" not in rows(directory)


def test_integration_sonar_retries_a_transient_error(configure, sonar, capsys):
    configure()
    sonar.break_route(GRAPHQL, Broken(502, times=2))

    assert run_import() == ACTIVE
    assert capsys.readouterr().out.count("HTTP 502") == 2


# -- bad records ------------------------------------------------------------------------------------------------------

def test_integration_sonar_account_without_a_data_service_is_skipped(configure, account, lqos, capsys):
    directory = configure()
    account.accounts[1]["account_services"]["entities"] = []
    del account.accounts[2]["account_services"]["entities"][0]["service"]["data_service_detail"]["upload_speed_kilobits_per_second"]

    assert run_import() == ACTIVE - 2

    out = capsys.readouterr().out
    assert ("Sonar: skipped account 3001 (Ben Ng 3001): no data service with download and upload speeds; "
            "add a data service to the account in Sonar") in out
    assert "Sonar: 2 records skipped (2 no plan)" in out
    assert "3001" not in rows(directory)
    validate(lqos, directory)


def test_integration_sonar_duplicate_ips_and_accounts_go_to_the_first(configure, account, lqos, capsys):
    directory = configure()
    account.accounts[4]["addresses"]["entities"][0]["inventory_items"]["entities"][0]["ip_assignments"] = \
        account.accounts[3]["addresses"]["entities"][0]["inventory_items"]["entities"][0]["ip_assignments"]
    account.accounts.append(dict(account.accounts[5], name="Again"))

    assert run_import() == ACTIVE - 1

    out = capsys.readouterr().out
    assert "Sonar: account 3004 (Eve Ng 3004): address 100.72.3.10 is already account 3003 (Dan Ng 3003)'s; left out" in out
    assert "Sonar: skipped account 3004 (Eve Ng 3004): no inventory item with a usable IP assignment" in out
    assert "Sonar: skipped account 3005 (Again): listed twice; the first record is used" in out
    assert rows(directory)["3005"]["Circuit Name"] == "Finn Ng 3005"
    validate(lqos, directory)


def test_integration_sonar_missing_fields_and_duplicate_names_are_reported(configure, account, lqos, capsys):
    directory = configure()
    del account.accounts[8]["id"]
    account.accounts[9]["addresses"] = None
    account.accounts[10]["addresses"]["entities"][0]["inventory_items"]["entities"][0]["ip_assignments"]["entities"] = [{"subnet": "bogus"}]
    account.accounts[11] = None
    account.network_sites[1]["name"] = "Hilltop"

    assert run_import() == ACTIVE - 4

    out = capsys.readouterr().out
    assert "Sonar: skipped account ? (Ava Ortiz 3008): the record has no id" in out
    assert "Sonar: skipped account 3009 (Ben Ortiz 3009): no inventory item with a usable IP assignment" in out
    assert "Sonar: account 3010 (Cleo Ortiz 3010): address 'bogus' is not a valid IP address or network; left out" in out
    assert "Sonar: skipped account ?: the record is a NoneType, not an object" in out
    assert "Sonar: network site 2: name 'Hilltop' is already another node's; named 'Hilltop [2]'" in out
    assert "Sonar: 4 records skipped (2 no IP address, 1 missing field, 1 malformed record), 2 changed" in out
    assert "Hilltop [2]" in network(directory)
    validate(lqos, directory)


# -- answers that cannot be trusted -------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer, reason", [
    (Broken(200, b'{"errors": [{"message": "You do not have permission to access accounts."}]}'),
     "GraphQL query at .*/api/graphql failed: You do not have permission"),
    (Broken(500), "api/graphql failed 4 times, last with HTTP 500"),
    (Broken(200, b"<html>Sonar is down for maintenance</html>"), "api/graphql did not answer with JSON"),
    (Broken(200, b'{"data": {"accounts": null}}'), r"the answer for accounts \(page 1\) has no 'entities' list"),
], ids=["graphql-errors", "server-error", "invalid-json", "page-without-entities"])
def test_integration_sonar_untrustworthy_answer_leaves_the_files(configure, sonar, answer, reason):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    sonar.break_route(GRAPHQL, answer)

    with pytest.raises(integrationUtils.IntegrationFailed, match=reason):
        run_import()

    assert_untouched(directory)


def test_integration_sonar_wrong_key_leaves_the_files(configure):
    import integrationUtils
    directory = configure(key="wrong")
    with_previous_files(directory)

    with pytest.raises(integrationUtils.IntegrationFailed, match="HTTP 401.*Check the API credentials"):
        run_import()

    assert_untouched(directory)


def test_integration_sonar_every_account_unusable_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    for record in account.accounts:
        record["account_services"] = {"entities": []}

    with pytest.raises(integrationUtils.IntegrationFailed, match="none of the 228 active accounts could be imported"):
        run_import()

    assert_untouched(directory)
