"""integrationVISP against a local VISP (token endpoint and GraphQL API): the files it writes, and what a bad answer does."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import liblqos_python as lq
from conftest import write_config
from crm_files import device_rows, rows, network, validate, with_previous_files, assert_untouched
from crm_servers import Broken
from crm_servers import visp as account_data

ACTIVE = account_data.SUBSCRIBERS - len(account_data.SUSPENDED)


@pytest.fixture
def account():
    return account_data.VispAccount()


@pytest.fixture
def visp(account):
    server = account_data.serve(account)
    yield server
    server.close()


@pytest.fixture
def configure(tmp_path, lqos, monkeypatch, visp):
    directory = tmp_path / "src"
    directory.mkdir()

    def apply(strategy: str = "ap_site", password: str = account_data.PASSWORD, allowlist: str = '["internet"]',
              extra: str = "") -> Path:
        config = write_config(tmp_path, directory, extra=f'''[visp_integration]
enable_visp = true
client_id = "{account_data.CLIENT_ID}"
client_secret = "{account_data.CLIENT_SECRET}"
username = "{account_data.USERNAME}"
password = "{password}"
token_url = "{visp.url}/token"
graphql_url = "{visp.url}/graphql"
tenant_id = "{account_data.TENANT}"
online_users_domain = "{account_data.DOMAIN}"
strategy = "{strategy}"
timeout_secs = 5
verify_tls = true
service_type_allowlist = {allowlist}
{extra}''')
        monkeypatch.setenv("LQOS_CONFIG", str(config))
        lq._reset_config_cache()
        return directory
    return apply


def run_import():
    import integrationVISP
    return integrationVISP.importFromVISP(integrationVISP.visp_client(sleep=lambda seconds: None, backoff_seconds=0))


def graphql_variables(visp) -> list[dict]:
    return [json.loads(r.split("?", 1)[1]) for r in visp.requests if r.startswith("/graphql")]


# -- a healthy account ---------------------------------------------------------------------------------------------

def test_integration_visp_ap_site_writes_sites_aps_and_every_active_service(configure, lqos, visp, capsys):
    directory = configure()

    assert run_import() == ACTIVE == 203

    tree = network(directory)
    assert sorted(tree) == sorted(account_data.SITES)
    assert tree["Summit"]["id"] == "visp:site-10"
    assert sorted(tree["Summit"]["children"]) == ["Summit AP1", "Summit AP2", "Summit AP3", "Summit AP4"]
    circuits = rows(directory)
    assert len(circuits) == ACTIVE and "4013" not in circuits and "9000" not in circuits  # suspended; VoIP not allowed
    first = circuits["4000"]
    assert (first["Circuit Name"], first["Parent Node"], first["Parent Node ID"]) == ("Iris Berg", "Summit AP1", "visp:ap-800")
    assert (first["Download Max Mbps"], first["Upload Max Mbps"]) == ("15", "3")
    assert (first["IPv4"], first["IPv6"]) == ("100.90.0.10", "2001:db8:90::/56")
    assert (first["MAC"], first["Device Name"]) == ("04:18:D6:01:00:00", "cpe-4000")
    assert (circuits["4001"]["Parent Node"], circuits["4001"]["Download Max Mbps"]) == ("Valley AP1", "60")
    online = circuits["4004"]
    assert (online["IPv4"], online["Device Name"], online["MAC"]) == ("100.91.0.10", "user4004@ppp.example.net", "04:18:D6:01:00:04")
    assert circuits["4049"]["Circuit Name"] == "Shop 49"
    assert len(device_rows(directory)) == ACTIVE
    assert "OK: 203 circuits" in validate(lqos, directory)
    assert "VISP: no record skipped" in capsys.readouterr().out
    assert visp.requests[0] == "/token?grant_type=password&client_id=lqos-client&username=lqos-app"  # secrets never logged
    variables = graphql_variables(visp)
    assert [v.get("page") for v in variables] == [1, 2, 3, None]  # 210 subscribers, 100 a page; then the online users
    assert {v["ispId"] for v in variables} == {account_data.ISP_ID}  # the token's first ISP


def test_integration_visp_ap_only_and_flat(configure, lqos):
    directory = configure("ap_only")
    run_import()
    tree = network(directory)
    assert len(tree) == 12 and all(node["type"] == "ap" for node in tree.values())
    validate(lqos, directory)

    configure("flat")
    run_import()
    assert network(directory) == {}
    assert {row["Parent Node"] for row in rows(directory).values()} == {""}
    validate(lqos, directory)


def test_integration_visp_empty_allowlist_imports_every_type(configure, lqos, capsys):
    directory = configure(allowlist="[]")

    assert run_import() == ACTIVE

    out = capsys.readouterr().out
    assert "VISP: skipped service 9000 (Iris Berg): no package with downloadKbps and uploadKbps above zero; assign a package in VISP" in out
    assert "VISP: 7 records skipped (7 no plan)" in out
    validate(lqos, directory)


def test_integration_visp_retries_a_transient_error(configure, visp, capsys):
    configure()
    visp.break_route("/graphql", Broken(503, times=1))
    visp.break_route("/token", Broken(502, times=1))

    assert run_import() == ACTIVE
    out = capsys.readouterr().out
    assert out.count("HTTP 503") == 1 and out.count("HTTP 502") == 1


# -- bad records ------------------------------------------------------------------------------------------------------

def test_integration_visp_bad_records_are_reported_and_skipped(configure, account, lqos, capsys):
    directory = configure()
    account.subscribers[1]["services"][0]["package"] = None                    # no plan
    account.subscribers[2]["services"][0]["equipment"][0]["ipAddress"] = account.subscribers[3]["services"][0]["equipment"][0]["ipAddress"]
    account.subscribers[3]["services"][0]["serviceId"] = 4002                  # listed twice
    del account.subscribers[5]["services"][0]["serviceId"]                    # missing field
    account.subscribers[6]["services"][0]["equipment"][0]["ipAddress"] = "100.90.0.260"
    account.subscribers[8] = "oops"

    assert run_import() == ACTIVE - 5

    out = capsys.readouterr().out
    assert "VISP: skipped service 4001 (Jon Berg): no package with downloadKbps and uploadKbps above zero; assign a package in VISP" in out
    assert "VISP: skipped service 4002 (Lea Berg): listed twice; the first record is used" in out
    assert "VISP: skipped service ? (Nia Berg): the record has no serviceId" in out
    assert "VISP: service 4006 (Oto Berg): address '100.90.0.260' is not a valid IP address or network; left out" in out
    assert "VISP: skipped service 4006 (Oto Berg): no equipment with a usable IP address and no online session" in out
    assert "VISP: skipped subscriber ?: the record is a str, not an object" in out
    assert ("VISP: 5 records skipped (1 no plan, 1 duplicate service, 1 missing field, 1 no IP address, 1 malformed record), "
            "1 changed") in out
    assert rows(directory)["4002"]["IPv4"] == "100.90.0.13"
    validate(lqos, directory)


def test_integration_visp_online_users_failure_only_loses_their_addresses(configure, account, lqos, capsys):
    directory = configure()
    account.online.clear()

    assert run_import() == ACTIVE - 9

    out = capsys.readouterr().out
    assert "VISP: skipped service 4004 (Max Berg): no equipment with a usable IP address and no online session" in out
    assert "4004" not in rows(directory)
    validate(lqos, directory)


def test_integration_visp_duplicate_ap_names_are_made_unique(configure, account, lqos, capsys):
    directory = configure("ap_only")
    account.subscribers[1]["services"][0]["equipment"][0]["accessPoint"]["name"] = "Summit AP1"

    run_import()

    assert "VISP: access point 801: name 'Summit AP1' is already another node's; named 'Summit AP1 [801]'" in capsys.readouterr().out
    assert rows(directory)["4001"]["Parent Node"] == "Summit AP1 [801]"
    validate(lqos, directory)


# -- answers that cannot be trusted -------------------------------------------------------------------------------------

def test_integration_visp_wrong_password_leaves_the_files(configure):
    import integrationUtils
    directory = configure(password="wrong")
    with_previous_files(directory)

    with pytest.raises(integrationUtils.IntegrationFailed, match="/token answered HTTP 401.*Check the API credentials"):
        run_import()

    assert_untouched(directory)


def test_integration_visp_token_answer_without_a_token_leaves_the_files(configure, visp):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    visp.break_route("/token", Broken(200, b'{"error": "unauthorized_client", "error_description": "Client disabled"}'))

    with pytest.raises(integrationUtils.IntegrationFailed, match=r"gave no access_token \(Client disabled\)"):
        run_import()

    assert_untouched(directory)


def test_integration_visp_token_without_isp_ids_asks_for_isp_id(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    account.token_answer.pop("isp_ids")

    with pytest.raises(integrationUtils.IntegrationFailed, match="set visp_integration.isp_id"):
        run_import()

    assert_untouched(directory)


def test_integration_visp_configured_isp_id_is_used(configure, visp):
    import integrationUtils
    directory = configure(extra="isp_id = 78\n")
    with_previous_files(directory)

    with pytest.raises(integrationUtils.IntegrationFailed, match="GraphQL query .* failed: ISP 78 is not accessible"):
        run_import()

    assert_untouched(directory)


def test_integration_visp_server_error_leaves_the_files(configure, visp):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    visp.break_route("/graphql", Broken(500))

    with pytest.raises(integrationUtils.IntegrationFailed, match="/graphql failed 4 times, last with HTTP 500"):
        run_import()

    assert_untouched(directory)


def test_integration_visp_invalid_json_leaves_the_files(configure, visp):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    visp.break_route("/graphql", Broken(200, b'{"data": {"subscribers": {"items": ['))

    with pytest.raises(integrationUtils.IntegrationFailed, match="/graphql did not answer with JSON"):
        run_import()

    assert_untouched(directory)


def test_integration_visp_every_service_unusable_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    for subscriber in account.subscribers:
        for service in subscriber["services"]:
            service["package"] = {"downloadKbps": 0, "uploadKbps": 0}

    with pytest.raises(integrationUtils.IntegrationFailed, match="none of the 203 active services could be imported"):
        run_import()

    assert_untouched(directory)
