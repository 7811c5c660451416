"""integrationUISP against a local UISP NMS API: the files it writes for each strategy, and what a bad answer does."""
from __future__ import annotations

from pathlib import Path

import pytest

import liblqos_python as lq
from conftest import write_config
from crm_files import device_rows, rows, network, validate, with_previous_files, assert_untouched
from crm_servers import Broken
from crm_servers import uisp as account_data


@pytest.fixture
def account():
    return account_data.UispAccount()


@pytest.fixture
def uisp(account):
    server = account_data.serve(account)
    yield server
    server.close()


@pytest.fixture
def configure(tmp_path, lqos, monkeypatch, uisp):
    """Points lqos.conf at the local UISP; returns lqos_directory."""
    directory = tmp_path / "src"
    directory.mkdir()

    def apply(strategy: str = "full", suspended: str = "slow", token: str = account_data.TOKEN, exclude: str = "[]",
              exceptions: str = "[]") -> Path:
        config = write_config(tmp_path, directory, extra=f'[uisp_integration]\nenable_uisp = true\ntoken = "{token}"\nurl = "{uisp.url}"\n'
                                                         f'site = "{account_data.ROOT}"\nstrategy = "{strategy}"\n'
                                                         f'suspended_strategy = "{suspended}"\nairmax_capacity = 0.8\nltu_capacity = 0.9\n'
                                                         f'exclude_sites = {exclude}\nbandwidth_overhead_factor = 1.1\n'
                                                         f'commit_bandwidth_multiplier = 0.98\nexception_cpes = {exceptions}\n')
        monkeypatch.setenv("LQOS_CONFIG", str(config))
        lq._reset_config_cache()
        return directory
    return apply


def run_import():
    import integrationUISP
    api = integrationUISP.uisp_api()
    api.sleep = lambda seconds: None
    return integrationUISP.importFromUISP(api)


# -- a healthy network ---------------------------------------------------------------------------------------------

def test_integration_uisp_full_follows_the_data_links_from_the_root_site(configure, lqos, capsys):
    directory = configure("full")

    assert run_import() == 220

    tree = network(directory)
    assert sorted(tree) == ["East Tower", "North Tower", "Relay Hill"]
    assert sorted(tree["Relay Hill"]["children"]) == ["Relay-AP1", "Relay-AP2", "Relay-AP3", "South Tower"]
    assert sorted(tree["Relay Hill"]["children"]["South Tower"]["children"]) == ["South-AP1", "South-AP2", "South-AP3"]
    assert tree["North Tower"]["id"] == "site-north-tower" and tree["North Tower"]["latitude"] == 40.01
    airmax, ltu = tree["North Tower"]["children"]["North-AP1"], tree["North Tower"]["children"]["North-AP3"]
    assert (airmax["downloadBandwidthMbps"], airmax["uploadBandwidthMbps"], airmax["type"]) == (320, 160, "ap")
    assert (ltu["downloadBandwidthMbps"], ltu["uploadBandwidthMbps"]) == (360, 180)
    devices = device_rows(directory)
    assert len(devices) == 220 + 11
    assert len({row["Circuit ID"] for row in devices}) == 220
    first = [row for row in devices if row["Circuit ID"] == account_data.client_id(0)]
    assert [(r["Device Name"], r["IPv4"], r["MAC"]) for r in first] == [("cpe-000", "100.64.0.10", "24:5A:4C:00:00:00"),
                                                                         ("router-000", "100.70.0.1", "74:83:C2:00:00:00")]
    assert (first[0]["Circuit Name"], first[0]["Parent Node"], first[0]["Parent Node ID"]) == ("Client 000", "North-AP1", "dev-ap-north-1")
    assert (first[0]["Download Max Mbps"], first[0]["Upload Max Mbps"]) == ("27.5", "5.5")  # 25/5 plan × bandwidth_overhead_factor
    suspended = rows(directory)[account_data.client_id(7)]
    assert (suspended["Download Max Mbps"], suspended["Upload Max Mbps"]) == ("1", "1")  # "slow": 0.1 Mbps, the file's floor is 1
    assert "OK: 220 circuits" in validate(lqos, directory)
    assert "UISP: no record skipped" in capsys.readouterr().out


def test_integration_uisp_ap_site_keeps_towers_at_the_top(configure, lqos):
    directory = configure("ap_site")

    run_import()

    tree = network(directory)
    assert sorted(tree) == sorted(account_data.TOWERS)
    assert "children" not in tree["Core DC"]
    assert sorted(tree["South Tower"]["children"]) == ["South-AP1", "South-AP2", "South-AP3"]
    validate(lqos, directory)


def test_integration_uisp_ap_only_and_flat(configure, lqos):
    directory = configure("ap_only")
    run_import()
    assert len(network(directory)) == 12
    validate(lqos, directory)

    configure("flat")
    run_import()
    assert network(directory) == {}
    assert {row["Parent Node"] for row in rows(directory).values()} == {""}
    validate(lqos, directory)


def test_integration_uisp_suspended_ignore_leaves_suspended_clients_out(configure, capsys):
    directory = configure(suspended="ignore")

    assert run_import() == 215

    out = capsys.readouterr().out
    assert f"UISP: skipped client site {account_data.client_id(7)} (Client 007): suspended (suspended_strategy = \"ignore\")" in out
    assert "UISP: 5 records skipped (5 suspended)" in out
    assert account_data.client_id(7) not in rows(directory)


def test_integration_uisp_exclude_sites_and_exception_cpes(configure, lqos):
    directory = configure("ap_site", exclude='["Core DC"]', exceptions='[{ cpe = "cpe-001", parent = "South Tower" }]')

    run_import()

    assert "Core DC" not in network(directory)
    assert rows(directory)[account_data.client_id(1)]["Parent Node"] == "South Tower"
    validate(lqos, directory)


# -- bad records ------------------------------------------------------------------------------------------------------

def test_integration_uisp_reports_bad_client_sites(configure, account, lqos, capsys):
    directory = configure()
    account.sites[5 + 3]["qos"] = {"enabled": False, "downloadSpeed": None, "uploadSpeed": None}  # Client 003: no plan
    cpes = {d["identification"]["id"]: d for d in account.devices}
    cpes["dev-cpe-005"]["ipAddress"] = cpes["dev-cpe-004"]["ipAddress"]  # duplicate address
    del cpes["dev-cpe-006"]["ipAddress"]  # missing field
    account.sites.append({"id": "broken", "identification": None})

    assert run_import() == 217

    out = capsys.readouterr().out
    assert (f"UISP: skipped client site {account_data.client_id(3)} (Client 003): no QoS download/upload speed; set the client's "
            "service plan (or the site's QoS) in UISP") in out
    assert (f"UISP: client site {account_data.client_id(5)} (Client 005): address 100.64.0.14 is already client site "
            f"{account_data.client_id(4)} (Client 004)'s; left out") in out
    assert f"UISP: skipped client site {account_data.client_id(6)} (Client 006): none of its 1 devices has a usable IP address" in out
    assert "UISP: skipped site broken: the record has no id or an unknown identification.type" in out
    assert "UISP: 4 records skipped (2 no IP address, 1 malformed site, 1 no plan), 1 changed" in out
    validate(lqos, directory)


# -- answers that cannot be trusted ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, broken, message", [
    ("/nms/api/v2.1/devices", Broken(500), r"devices\?withInterfaces=true&authorized=true failed 4 times, last with HTTP 500"),
    ("/nms/api/v2.1/sites", Broken(200, b'[{"id": "x", '), r"/nms/api/v2.1/sites did not answer with JSON"),
    ("/nms/api/v2.1/data-links", Broken(502), r"data-links failed 4 times, last with HTTP 502"),
])
def test_integration_uisp_untrustworthy_answer_leaves_the_files(configure, uisp, path, broken, message):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    uisp.break_route(path, broken)

    with pytest.raises(integrationUtils.IntegrationFailed, match=message):
        run_import()

    assert_untouched(directory)


def test_integration_uisp_wrong_token_leaves_the_files(configure):
    import integrationUtils
    directory = configure(token="stale")
    with_previous_files(directory)

    with pytest.raises(integrationUtils.IntegrationFailed, match="HTTP 401.*Check the API credentials"):
        run_import()

    assert_untouched(directory)


def test_integration_uisp_no_client_sites_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    account.sites[:] = account.sites[:5]

    with pytest.raises(integrationUtils.IntegrationFailed, match="no circuits where ShapedDevices.csv has 1"):
        run_import()

    assert_untouched(directory)
