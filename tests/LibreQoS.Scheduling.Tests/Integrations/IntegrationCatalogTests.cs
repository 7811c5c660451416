using LibreQoS.Config.LqosConf;
using LibreQoS.Scheduling.Integrations;

namespace LibreQoS.Scheduling.Tests.Integrations;

public class IntegrationCatalogTests
{
    public static TheoryData<string, LqosConfig, string, string> EnableFlags => new()
    {
        { "uisp", new LqosConfig { Uisp = new UispConfig { EnableUisp = true } }, "integrationUISP", "importFromUISP" },
        { "splynx", new LqosConfig { Splynx = new SplynxConfig { EnableSplynx = true } }, "integrationSplynx", "importFromSplynx" },
        { "netzur", new LqosConfig { Netzur = new NetzurConfig { EnableNetzur = true } }, "integrationNetzur", "importFromNetzur" },
        { "visp", new LqosConfig { Visp = new VispConfig { EnableVisp = true } }, "integrationVISP", "importFromVISP" },
        { "powercode", new LqosConfig { Powercode = new PowercodeConfig { EnablePowercode = true } }, "integrationPowercode", "importFromPowercode" },
        { "sonar", new LqosConfig { Sonar = new SonarConfig { EnableSonar = true } }, "integrationSonar", "importFromSonar" },
        { "wispgate", new LqosConfig { WispGate = new WispGateConfig { EnableWispgate = true } }, "integrationWISPGate", "importFromWISPGate" },
    };

    [Theory]
    [MemberData(nameof(EnableFlags))]
    public void Enabled_OneFlagSet_ThatIntegrationWithUpstreamsEntryPoint(string name, LqosConfig config, string module, string function)
    {
        var integration = Assert.Single(IntegrationCatalog.Enabled(config));

        Assert.Equal((name, module, function), (integration.Name, integration.Module, integration.Function));
    }

    [Fact]
    public void Enabled_NothingSet_Empty() => Assert.Empty(IntegrationCatalog.Enabled(new LqosConfig()));

    [Fact]
    public void Enabled_Several_UpstreamsPrecedenceFirst()
    {
        var config = new LqosConfig
        {
            Sonar = new SonarConfig { EnableSonar = true },
            Visp = new VispConfig { EnableVisp = true },
            Splynx = new SplynxConfig { EnableSplynx = true },
        };

        Assert.Equal(["splynx", "visp", "sonar"], IntegrationCatalog.Enabled(config).Select(i => i.Name));
    }

    [Fact]
    public void All_NamesAreTheJobNamesLqosConfAccepts() =>
        Assert.Equal(SchedulerConfig.JobNames.Order(), IntegrationCatalog.All.Select(i => i.Name).Order());

    [Fact]
    public void Find_IgnoresCase() => Assert.Equal("integrationSplynx", IntegrationCatalog.Find("Splynx")!.Module);
}
