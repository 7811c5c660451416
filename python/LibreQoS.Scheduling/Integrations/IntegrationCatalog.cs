using LibreQoS.Config.LqosConf;

namespace LibreQoS.Scheduling.Integrations;

/// <summary>
/// The integrations lqos_scheduler knows, in upstream's order of precedence. Like upstream's scheduler, it runs only
/// the first enabled one: every integration writes the same ShapedDevices.csv and network.json.
/// </summary>
public static class IntegrationCatalog
{
    public static IReadOnlyList<Integration> All { get; } =
    [
        new("uisp", "UISP", "integrationUISP", "importFromUISP", "uisp_integration.enable_uisp", c => c.Uisp.EnableUisp),
        new("splynx", "Splynx", "integrationSplynx", "importFromSplynx", "splynx_integration.enable_splynx", c => c.Splynx.EnableSplynx),
        new("visp", "VISP", "integrationVISP", "importFromVISP", "visp_integration.enable_visp", c => c.Visp?.EnableVisp == true),
        new("netzur", "Netzur", "integrationNetzur", "importFromNetzur", "netzur_integration.enable_netzur", c => c.Netzur?.EnableNetzur == true),
        new("powercode", "Powercode", "integrationPowercode", "importFromPowercode", "powercode_integration.enable_powercode", c => c.Powercode.EnablePowercode),
        new("sonar", "Sonar", "integrationSonar", "importFromSonar", "sonar_integration.enable_sonar", c => c.Sonar.EnableSonar),
        new("wispgate", "WISPGate", "integrationWISPGate", "importFromWISPGate", "wispgate_integration.enable_wispgate", c => c.WispGate?.EnableWispgate == true),
    ];

    public static Integration? Find(string name) => All.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every enabled integration, the one that runs first.</summary>
    public static IReadOnlyList<Integration> Enabled(LqosConfig config) => All.Where(i => i.IsEnabled(config)).ToList();

    public static string Names => string.Join(", ", All.Select(i => i.Name));
}
