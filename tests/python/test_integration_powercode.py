"""integrationPowercode against a local Powercode: the files it writes, and what a bad answer does."""
from __future__ import annotations

from pathlib import Path

import pytest

import liblqos_python as lq
from conftest import write_config
from crm_files import device_rows, rows, network, validate, with_previous_files, assert_untouched
from crm_servers import Broken
from crm_servers import powercode as account_data

PRESEEM = "/api/preseem/index.php"
API1 = "/api/1/index.php"


@pytest.fixture
def account():
    return account_data.PowercodeAccount()


@pytest.fixture
def powercode(account):
    server = account_data.serve(account)
    yield server
    server.close()


@pytest.fixture
def configure(tmp_path, lqos, monkeypatch, powercode):
    directory = tmp_path / "src"
    directory.mkdir()

    def apply(key: str = account_data.API_KEY) -> Path:
        config = write_config(tmp_path, directory, extra=f'[powercode_integration]\nenable_powercode = true\n'
                                                         f'powercode_api_key = "{key}"\npowercode_api_url = "{powercode.url}"\n')
        monkeypatch.setenv("LQOS_CONFIG", str(config))
        lq._reset_config_cache()
        return directory
    return apply


def run_import():
    import integrationPowercode
    api = integrationPowercode.powercode_api()
    api.sleep = lambda seconds: None
    api.backoff_seconds = 0
    return integrationPowercode.importFromPowercode(api)


def test_integration_powercode_api_base_adds_port_444_only_without_a_port():
    import integrationPowercode
    assert integrationPowercode.api_base("https://pc.example.net/") == "https://pc.example.net:444"
    assert integrationPowercode.api_base("https://pc.example.net:8444") == "https://pc.example.net:8444"


def test_integration_powercode_account_writes_every_active_customer(configure, lqos, powercode, capsys):
    directory = configure()

    assert run_import() == 240

    assert network(directory) == {}
    devices = device_rows(directory)
    assert len(devices) == 240 + 3  # CPE radios are not shaped; three customers have a second router
    circuits = rows(directory)
    assert "1" not in circuits and account_data.customer_id(240) not in circuits  # company account, inactive customer
    first = [r for r in devices if r["Circuit ID"] == "2001"]
    assert [(r["Device ID"], r["Device Name"], r["IPv4"], r["MAC"]) for r in first] == [
        ("c_2001_d_50000", "Router 2001", "100.72.0.10", "E4:8D:8C:00:00:10")]
    assert (first[0]["Circuit Name"], first[0]["Parent Node"]) == ("Ada Baker", "")
    assert (first[0]["Download Max Mbps"], first[0]["Upload Max Mbps"]) == ("25", "5")
    assert circuits["2006"]["Circuit Name"] == "Business 2006 LLC"  # no name: the company's
    office = [r for r in devices if r["Circuit ID"] == "2031"]
    assert len(office) == 2 and (office[0]["Download Max Mbps"], office[0]["Upload Max Mbps"]) == ("110", "22")  # two services
    assert {r["Download Max Mbps"] for r in devices if r["Circuit ID"] == "2011"} == {"100"}
    assert "OK: 240 circuits" in validate(lqos, directory)
    assert "Powercode: no record skipped" in capsys.readouterr().out
    assert all("apiKey" not in r for r in powercode.requests)


def test_integration_powercode_customer_without_a_plan_is_skipped(configure, account, lqos, capsys):
    directory = configure()
    account.services["2004"] = [s for s in account.services["2004"] if "internetInfo" not in s]

    assert run_import() == 239

    out = capsys.readouterr().out
    assert "Powercode: customer 2004 (Di Baker): equipment 50006 (Router 2004) is on service '70003', which is not one" in out
    assert "Powercode: skipped customer 2004 (Di Baker): no equipment on an internet service with speeds; assign a plan in Powercode" in out
    assert "Powercode: 1 records skipped (1 no plan), 1 changed" in out
    assert "2004" not in rows(directory)
    validate(lqos, directory)


def test_integration_powercode_duplicate_address_goes_to_the_first_customer(configure, account, lqos, capsys):
    directory = configure()
    account.customers[8]["equipment"][0]["ip_address"] = account.customers[7]["equipment"][0]["ip_address"]  # 2008 takes 2007's

    assert run_import() == 239

    out = capsys.readouterr().out
    assert "Powercode: customer 2008 (Hal Baker): address 100.72.0.16 is already customer 2007 (Gil Baker)'s; left out" in out
    assert "Powercode: skipped customer 2008 (Hal Baker): no equipment with a usable IP address" in out
    assert rows(directory)["2007"]["IPv4"] == "100.72.0.16" and "2008" not in rows(directory)
    validate(lqos, directory)


def test_integration_powercode_records_with_missing_fields_are_reported(configure, account, lqos, capsys):
    directory = configure()
    del account.customers[8]["id"]                                    # customer 2008
    del account.services["2010"][0]["internetInfo"]["maxOut"]          # customer 2010: its only internet service
    account.customers[12]["equipment"][0]["ip_address"] = "100.72.0.300"  # customer 2012
    del account.customers[15]["equipment"]                             # customer 2015

    assert run_import() == 236

    out = capsys.readouterr().out
    assert "Powercode: skipped customer ? (Hal Baker): the record has no usable id" in out
    assert "Powercode: skipped service 70009 (Joy Baker): customer 2010's internet service has no usable maxIn/maxOut" in out
    assert "Powercode: customer 2012 (Bo Chen): address '100.72.0.300' is not a valid IP address or network; left out" in out
    assert "Powercode: skipped customer 2015 (Ed Chen): no equipment of type Router" in out
    assert "Powercode: 5 records skipped (1 missing field, 1 service without speeds, 1 no plan, 1 no IP address, 1 no equipment)" in out
    validate(lqos, directory)


def test_integration_powercode_one_customer_failing_is_skipped_the_rest_imported(configure, account, lqos, capsys):
    directory = configure()
    account.broken_services["2003"] = Broken(500)
    account.broken_services["2007"] = Broken(200, b"<html>Fatal error</html>")

    assert run_import() == 238

    out = capsys.readouterr().out
    assert "Powercode: skipped customer 2003 (Cy Baker): its services could not be read (Powercode: " in out
    assert "failed 4 times, last with HTTP 500" in out
    assert "Powercode: skipped customer 2007 (Gil Baker): its services could not be read" in out and "did not answer with JSON" in out
    assert "Powercode: 2 records skipped (2 services unreadable)" in out
    validate(lqos, directory)


def test_integration_powercode_server_error_on_the_customer_list_leaves_the_files(configure, powercode):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    powercode.break_route(PRESEEM, Broken(500))

    with pytest.raises(integrationUtils.IntegrationFailed, match=r"preseem/index.php failed 4 times, last with HTTP 500"):
        run_import()

    assert_untouched(directory)


def test_integration_powercode_invalid_json_leaves_the_files(configure, powercode):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    powercode.break_route(PRESEEM, Broken(200, b"<html>Login</html>"))

    with pytest.raises(integrationUtils.IntegrationFailed, match="preseem/index.php did not answer with JSON"):
        run_import()

    assert_untouched(directory)


def test_integration_powercode_wrong_key_leaves_the_files(configure):
    import integrationUtils
    directory = configure(key="wrong")
    with_previous_files(directory)

    with pytest.raises(integrationUtils.IntegrationFailed, match="answered with a JSON dict.*Check the API key"):
        run_import()

    assert_untouched(directory)


def test_integration_powercode_every_customer_unusable_leaves_the_files(configure, account, powercode):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    powercode.break_route(API1, Broken(404))

    with pytest.raises(integrationUtils.IntegrationFailed, match="none of the 240 active customers could be imported"):
        run_import()

    assert_untouched(directory)


def test_integration_powercode_no_customers_where_there_were_some_leaves_the_files(configure, account):
    import integrationUtils
    directory = configure()
    with_previous_files(directory)
    del account.customers[1:]

    with pytest.raises(integrationUtils.IntegrationFailed, match="no circuits where ShapedDevices.csv has 1"):
        run_import()

    assert_untouched(directory)
