using LibreQoS.Bus.Protocol;
using LibreQoS.WebUi.Tests.Infrastructure;

namespace LibreQoS.WebUi.Tests.Browser;

[Collection(BrowserGroup.Name)]
public sealed class BrowserTests(BrowserFixture fixture)
{
    private LqosdLab Lab => fixture.Lab;

    [ChromiumFact]
    public async Task Dashboard_WithoutSession_SendsTheBrowserToSignIn()
    {
        var page = await fixture.Browser!.NewPageAsync();

        await page.GotoAsync(fixture.Url("/"));

        await page.WaitForAsync("location.pathname === '/login' && document.querySelector('#login-form')");
    }

    [ChromiumFact]
    public async Task SignIn_WrongPassword_IsRefusedOnThePage()
    {
        var page = await fixture.Browser!.NewPageAsync();
        await page.GotoAsync(fixture.Url("/login"));
        await page.WaitForAsync("document.querySelector('#login-form')");

        await page.TypeAsync("#username", "admin");
        await page.TypeAsync("#password", "wrong-password");
        await page.ClickAsync("#submit");

        await page.WaitForAsync("!document.querySelector('#message').classList.contains('hidden')");
        Assert.Equal("Wrong user name or password.", await page.EvaluateAsync<string>("document.querySelector('#message').textContent"));
        Assert.Equal("/login", await page.EvaluateAsync<string>("location.pathname"));
    }

    [ChromiumFact]
    public async Task Config_ReadOnlyUser_CannotSave()
    {
        string before = await File.ReadAllTextAsync(Lab.ConfigPath);
        var page = await fixture.SignedInPageAsync("viewer", LqosdLab.ViewerPassword);
        await page.GotoAsync(fixture.Url("/config"));
        await page.WaitForAsync("document.querySelector('#config-form')");

        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('#read-only-note') !== null && document.getElementById('node_name').disabled"));
        int status = await page.EvaluateAsync<int>("""
            fetch('/api/config', { method: 'POST', headers: { 'Content-Type': 'application/json',
              'X-Lqos-Csrf': decodeURIComponent(document.cookie.split('; ').find(c => c.startsWith('lqos_csrf=')).slice(10)) },
              body: JSON.stringify({ changes: { node_name: 'Hacked' } }) }).then(r => r.status)
            """);
        await page.ClickAsync("#save-config");
        await page.WaitForAsync("!document.querySelector('#config-message').classList.contains('hidden')");

        Assert.Equal(403, status);
        Assert.Contains("only administrators", await page.EvaluateAsync<string>("document.querySelector('#config-message').textContent"), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Lab.ConfigPath));
    }

    [ChromiumFact]
    public async Task SchedulerIndicator_IntegrationFailedOverTheBus_ShowsErrorPreviewAndLogPath()
    {
        var page = await fixture.SignedInPageAsync("admin", LqosdLab.AdminPassword);

        await Lab.SendOverBusAsync(new SchedulerReady());
        await Lab.SendOverBusAsync(new SchedulerError("integrationUISP.py failed: HTTP 401 from UISP\nTraceback line 2", "/tmp/lqos_scheduler__uisp_20261122.log"));
        await page.WaitForAsync("document.querySelector('#scheduler-indicator').dataset.state === 'error'", 5000);
        await page.ClickAsync("#scheduler-indicator");
        await page.WaitForAsync("document.querySelector('#scheduler-error')");

        Assert.Contains("HTTP 401 from UISP", await page.EvaluateAsync<string>("document.querySelector('#scheduler-error').textContent"), StringComparison.Ordinal);
        Assert.Equal("/tmp/lqos_scheduler__uisp_20261122.log", await page.EvaluateAsync<string>("document.querySelector('#scheduler-log-path').textContent"));
        await page.ScreenshotAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "scheduler-error.png"));
        await Lab.SendOverBusAsync(new SchedulerError(""));
        await page.WaitForAsync("document.querySelector('#scheduler-indicator').dataset.state === 'healthy'", 5000);
    }

    [ChromiumFact]
    public async Task UrgentIndicator_IssueSubmittedOverTheBus_AppearsAndCanBeAcknowledged()
    {
        var page = await fixture.SignedInPageAsync("admin", LqosdLab.AdminPassword);

        await Lab.SendOverBusAsync(new SubmitUrgentIssue("bakery", "error", "TC_LIMIT", "Too many circuits for the HTB minor space", "queue 3", "q3"));
        await page.WaitForAsync("document.querySelector('#urgent-indicator').dataset.count === '1'", 5000);
        await page.ClickAsync("#urgent-indicator");
        await page.WaitForAsync("document.querySelector('[data-issue-id] button')");
        Assert.Contains("Too many circuits", await page.EvaluateAsync<string>("document.querySelector('.issue-message').textContent"), StringComparison.Ordinal);
        await page.ScreenshotAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "urgent-issues.png"));
        await page.ClickAsync("[data-issue-id] button");

        await page.WaitForAsync("document.querySelector('#urgent-indicator').dataset.count === '0'", 5000);
        Assert.Empty(Lab.Urgent.List());
        var overBus = (UrgentIssues)await Lab.SendOverBusAsync(new GetUrgentIssues());
        Assert.Empty(overBus.Issues);
    }

    [ChromiumFact]
    public async Task PrivacyMode_MasksNamesAndIpsAndSurvivesReload()
    {
        var page = await fixture.SignedInPageAsync("admin", LqosdLab.AdminPassword);
        await page.GotoAsync(fixture.Url("/circuits"));
        await page.WaitForAsync("document.querySelectorAll('#circuit-rows tr').length > 1");

        await page.ClickAsync("#privacy-toggle");
        await page.GotoAsync(fixture.Url("/circuits"));
        await page.WaitForAsync("document.querySelectorAll('#circuit-rows tr').length > 1");

        Assert.True(await page.EvaluateAsync<bool>("document.body.classList.contains('privacy')"));
        // Every cell that shows a subscriber name, site or address is masked (blurred); ids and rates stay readable.
        Assert.Equal(0, await page.EvaluateAsync<int>("""
            [...document.querySelectorAll('#circuit-rows td')].filter(td => /Smith|100\.64\.|Site_|AP_/.test(td.textContent))
              .filter(td => !td.querySelector('.redact') || getComputedStyle(td.querySelector('.redact')).filter.indexOf('blur') < 0).length
            """));
        await page.ScreenshotAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "privacy-circuits.png"));
        foreach (string path in new[] { "/", "/circuit?id=C1", "/tree", "/sitemap", "/cpu" })
        {
            await page.GotoAsync(fixture.Url(path));
            await page.WaitForAsync("document.querySelector('.redact')");
            Assert.Equal(0, await page.EvaluateAsync<int>("""
                [...document.querySelectorAll('#app td, #app li, #app h1, #app .tile span')].filter(e => e.children.length === 0 || e.tagName !== 'H1')
                  .filter(e => /Smith|100\.64\.|Site_|AP_/.test(e.textContent) && !(e.closest('.redact') || e.querySelector('.redact'))).length
                """));
        }
        await page.ClickAsync("#privacy-toggle");
        Assert.False(await page.EvaluateAsync<bool>("document.body.classList.contains('privacy')"));
    }

    [ChromiumFact]
    public async Task Dashboard_LiveStream_UpdatesWithinASecond()
    {
        var page = await fixture.SignedInPageAsync("admin", LqosdLab.AdminPassword);

        await page.WaitForAsync("document.querySelectorAll('#top-circuits tr a').length === 10");
        string first = await page.EvaluateAsync<string>("document.querySelector('#updated').textContent");
        await page.WaitForAsync($"document.querySelector('#updated').textContent !== {System.Text.Json.JsonSerializer.Serialize(first)}", 2500);

        Assert.NotEqual("—", await page.EvaluateAsync<string>("document.querySelector('#total-down').textContent"));
    }

    [ChromiumFact]
    public async Task EveryPage_Renders_ScreenshotSaved()
    {
        var page = await fixture.SignedInPageAsync("admin", LqosdLab.AdminPassword);
        var pages = new (string Name, string Path, string Ready)[]
        {
            ("dashboard", "/", "document.querySelectorAll('#top-circuits tr a').length > 0"),
            ("shaped-devices", "/circuits", "document.querySelectorAll('#circuit-rows tr a').length > 0"),
            ("circuit", "/circuit?id=C7", "document.querySelectorAll('#devices tr').length > 0"),
            ("network-tree", "/tree", "document.querySelectorAll('#tree-rows tr').length > 0"),
            ("site-map", "/sitemap", "document.querySelectorAll('#site-map .tile').length > 0"),
            ("cpu-tree", "/cpu", "document.querySelectorAll('[data-queue]').length > 0"),
            ("asn-analysis", "/asn", "document.querySelector('#waiting')"),
            ("flow-globe", "/flows", "document.querySelector('#waiting')"),
            ("configuration", "/config", "document.querySelector('#config-form')"),
        };

        foreach (var (name, path, ready) in pages)
        {
            await page.GotoAsync(fixture.Url(path));
            await page.WaitForAsync(ready);
            if (name == "network-tree")
            {
                await page.ClickAsync("#expand-all");
                await page.WaitForAsync("document.querySelectorAll('#tree-rows tr').length === 8");
            }
            await Task.Delay(1200);  // two live updates, so charts have a line
            await page.ScreenshotAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}.png"));
        }
        await page.ClickAsync("#logout");
        await page.WaitForAsync("location.pathname === '/login' && document.querySelector('#login-form')");
        await page.ScreenshotAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "login.png"));

        Assert.All(pages, p => Assert.True(File.Exists(Path.Combine(BrowserFixture.ScreenshotDirectory, $"{p.Name}.png"))));
    }

    [ChromiumFact]
    public async Task SiteMap_SizedByCircuitsOrTraffic_ClickOpensTheTreeNode()
    {
        var page = await fixture.SignedInPageAsync("admin", LqosdLab.AdminPassword);
        await page.GotoAsync(fixture.Url("/sitemap"));
        await page.WaitForAsync("document.querySelector('#site-level').value === 'nested'");
        await page.EvaluateAsync("(() => { const s = document.querySelector('#site-level'); s.value = 'leaf'; s.dispatchEvent(new Event('change')); })()");
        await page.WaitForAsync("document.querySelectorAll('#site-map .tile').length === 4");

        // Sized by circuits: four APs of six circuits each share the map equally.
        Assert.Equal("6 circuits", await page.EvaluateAsync<string>("document.querySelector('#site-map .tile .tile-value').textContent"));
        Assert.True(await page.EvaluateAsync<bool>("""
            (() => { const areas = [...document.querySelectorAll('#site-map .tile')].map(t => t.offsetWidth * t.offsetHeight);
              return Math.max(...areas) / Math.min(...areas) < 1.1; })()
            """));
        Assert.True(await page.EvaluateAsync<bool>("[...document.querySelectorAll('#site-map .tile-name')].every(n => n.classList.contains('redact'))"));

        await page.EvaluateAsync("(() => { const s = document.querySelector('#size-by'); s.value = 'traffic'; s.dispatchEvent(new Event('change')); })()");
        await page.WaitForAsync("/bps$/.test(document.querySelector('#site-map .tile .tile-value').textContent)");
        // FakeThroughput gives later circuits more traffic, so the largest tile is the last AP.
        Assert.Equal("Site_4/AP_4", await page.EvaluateAsync<string>("document.querySelector('#site-map .tile').dataset.path"));

        await page.EvaluateAsync("(() => { const s = document.querySelector('#site-level'); s.value = '1'; s.dispatchEvent(new Event('change')); })()");
        await page.WaitForAsync("document.querySelector('#site-map .tile').dataset.path === 'Site_4'");

        await page.EvaluateAsync("(() => { const s = document.querySelector('#site-level'); s.value = 'leaf'; s.dispatchEvent(new Event('change')); })()");
        await page.ClickAsync("#site-map .tile[data-path='Site_2/AP_2']");
        await page.WaitForAsync("location.pathname === '/tree' && document.querySelector('#tree-rows tr.focused')");
        Assert.Equal("Site_2/AP_2", await page.EvaluateAsync<string>("document.querySelector('#tree-rows tr.focused').dataset.path"));
    }

    [ChromiumFact]
    public async Task AsnAndFlowPages_SayWhatTheyAreWaitingFor()
    {
        var page = await fixture.SignedInPageAsync("admin", LqosdLab.AdminPassword);

        foreach (var (path, what) in new[] { ("/asn", "ASNs"), ("/flows", "flows") })
        {
            await page.GotoAsync(fixture.Url(path));
            await page.WaitForAsync("document.querySelector('#waiting')");
            string text = await page.EvaluateAsync<string>("document.querySelector('#waiting').textContent");
            Assert.Contains("Flow tracking is not enabled in this build", text, StringComparison.Ordinal);
            Assert.Contains($"this page shows {what}", text, StringComparison.Ordinal);
            Assert.Equal(path, await page.EvaluateAsync<string>("document.querySelector('.topnav a.active').getAttribute('href')"));
        }
    }

    [ChromiumFact]
    public async Task IntegrationEditor_SonarSecretSaved_ShowsOnlyThatItIsSet_AndBadAddressRefused()
    {
        var page = await fixture.SignedInPageAsync("admin", LqosdLab.AdminPassword);
        await page.GotoAsync(fixture.Url("/config"));
        await page.WaitForAsync("document.querySelector('#section-sonar')");
        Assert.Equal("not set", await page.EvaluateAsync<string>("document.querySelector('label[for=\"sonar_integration.sonar_api_key\"] .secret-state').textContent"));

        await page.TypeAsync("[id='sonar_integration.sonar_api_url']", "not an address");
        await page.ClickAsync("#save-config");
        await page.WaitForAsync("document.querySelector('#config-message').classList.contains('error')");
        Assert.Contains("sonar_integration.sonar_api_url", await page.EvaluateAsync<string>("document.querySelector('#config-message').textContent"), StringComparison.Ordinal);

        await page.TypeAsync("[id='sonar_integration.sonar_api_url']", "https://sonar.example.net/api/graphql");
        await page.TypeAsync("[id='sonar_integration.sonar_api_key']", "sonar-key-77");
        await page.ClickAsync("#save-config");
        await page.WaitForAsync("document.querySelector('#config-message').textContent === 'Saved.'");

        Assert.Equal(("https://sonar.example.net/api/graphql", "sonar-key-77"), (Lab.Config.Current.Sonar.SonarApiUrl, Lab.Config.Current.Sonar.SonarApiKey));
        Assert.Equal("set", await page.EvaluateAsync<string>("document.querySelector('label[for=\"sonar_integration.sonar_api_key\"] .secret-state').textContent"));
        await page.GotoAsync(fixture.Url("/config"));
        await page.WaitForAsync("document.querySelector('#section-sonar')");
        Assert.Equal("", await page.EvaluateAsync<string>("document.getElementById('sonar_integration.sonar_api_key').value"));
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.outerHTML.includes('sonar-key-77')"));
        Assert.Equal("set", await page.EvaluateAsync<string>("document.getElementById('sonar_integration.sonar_api_key').dataset.secretState"));
        await page.EvaluateAsync("document.querySelector('#section-sonar').scrollIntoView()");
        await page.ScreenshotAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "configuration-sonar.png"));
    }

    [ChromiumFact]
    public async Task IntegrationEditor_ListSettings_AddValidateSaveAndRemoveItems()
    {
        const string ids = "[id='sonar_integration.airmax_model_ids']", sites = "[id='uisp_integration.exclude_sites']";
        var page = await fixture.SignedInPageAsync("admin", LqosdLab.AdminPassword);
        await page.GotoAsync(fixture.Url("/config"));
        await page.WaitForAsync($"document.querySelector(\"{ids} .list-add\")");
        string before = await File.ReadAllTextAsync(Lab.ConfigPath);

        foreach (string id in new[] { "29", "AC-Lite" })
        {
            await page.ClickAsync($"{ids} .list-add");
            await page.TypeAsync($"{ids} .list-row:last-child .list-item", id);
        }
        await page.ClickAsync($"{sites} .list-add");
        await page.TypeAsync($"{sites} .list-row:last-child .list-item", "Tower, North");
        await page.ClickAsync("#save-config");
        await page.WaitForAsync("document.querySelector('#config-message').classList.contains('error')");
        Assert.Equal("sonar_integration.airmax_model_ids: item 2 'AC-Lite' is not a numeric id",
            await page.EvaluateAsync<string>("document.querySelector('#config-message').textContent"));
        Assert.Equal(before, await File.ReadAllTextAsync(Lab.ConfigPath));

        await page.TypeAsync($"{ids} .list-row:last-child .list-item", "43");
        await page.ClickAsync("#save-config");
        await page.WaitForAsync("document.querySelector('#config-message').textContent === 'Saved.'");
        Assert.Equal(["29", "43"], Lab.Config.Current.Sonar.AirmaxModelIds);
        Assert.Equal(["Tower, North"], Lab.Config.Current.Uisp.ExcludeSites);
        Assert.Equal(before, await File.ReadAllTextAsync(Lab.ConfigPath + ".webbackup"));

        await page.GotoAsync(fixture.Url("/config"));
        await page.WaitForAsync($"document.querySelectorAll(\"{ids} .list-item\").length === 2");
        Assert.Equal("Tower, North", await page.EvaluateAsync<string>($"document.querySelector(\"{sites} .list-item\").value"));
        await page.EvaluateAsync($"document.querySelector(\"{ids}\").scrollIntoView()");
        await page.ScreenshotAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "configuration-lists.png"));
        await page.ClickAsync($"{ids} .list-row:first-child .list-remove");
        await page.ClickAsync("#save-config");
        await page.WaitForAsync("document.querySelector('#config-message').textContent === 'Saved.'");
        Assert.Equal(["43"], Lab.Config.Current.Sonar.AirmaxModelIds);
    }

    [ChromiumFact]
    public async Task SiteMap_ThreeLevelNetwork_DrawsSitesNestedInTheirParents_SizedByCircuits()
    {
        (string Path, int Circuits)[] tree =
        [
            ("Region_1", 0), ("Region_1/Site_A", 2), ("Region_1/Site_A/AP_A1", 6), ("Region_1/Site_A/AP_A2", 3),
            ("Region_1/Site_B", 0), ("Region_1/Site_B/AP_B1", 4),
            ("Region_2", 0), ("Region_2/Site_C", 0), ("Region_2/Site_C/AP_C1", 5), ("Region_2/Site_C/AP_C2", 5),
        ];
        await using var lab = await LqosdLab.StartAsync(TestPlans.FromTree(tree));
        var page = await fixture.Browser!.SignedInPageAsync(lab.BaseUri, "admin", LqosdLab.AdminPassword);

        await page.GotoAsync(new Uri(lab.BaseUri, "/sitemap"));
        await page.WaitForAsync("document.querySelectorAll('#site-map .tile[data-path]').length === 10");

        Assert.Equal("nested", await page.EvaluateAsync<string>("document.querySelector('#site-level').value"));
        Assert.Equal(["Region_1", "Region_2"], (await page.EvaluateAsync("[...document.querySelectorAll('#site-map > .tile')].map(t => t.dataset.path).sort()"))!
            .AsArray().Select(p => p!.GetValue<string>()));
        foreach (var (path, _) in tree.Where(t => t.Path.Contains('/', StringComparison.Ordinal)))
        {
            string parent = path[..path.LastIndexOf('/')];
            // In the page and on screen, each site's tile lies inside its parent's.
            Assert.True(await page.EvaluateAsync<bool>($$"""
                (() => { const tile = document.querySelector('#site-map .tile[data-path="{{path}}"]');
                  const parent = tile.parentElement.closest('.tile');
                  const a = tile.getBoundingClientRect(), b = parent.getBoundingClientRect();
                  return parent.dataset.path === '{{parent}}' && a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5; })()
                """), $"{path} is not drawn inside {parent}");
        }
        // Within Site_A, AP_A1's 6 circuits take about twice AP_A2's 3, and the 2 circuits on Site_A itself have their own share.
        double ratio = await page.EvaluateAsync<double>("""
            (() => { const area = p => { const r = document.querySelector(`#site-map .tile[data-path="${p}"]`).getBoundingClientRect(); return r.width * r.height; };
              return area('Region_1/Site_A/AP_A1') / area('Region_1/Site_A/AP_A2'); })()
            """);
        Assert.InRange(ratio, 1.7, 2.3);
        Assert.Equal("2 circuits", await page.EvaluateAsync<string>("document.querySelector('#site-map .tile.direct[data-parent=\"Region_1/Site_A\"]').textContent"));
        Assert.Equal("11 circuits", await page.EvaluateAsync<string>("document.querySelector('#site-map .tile[data-path=\"Region_1/Site_A\"] > .tile-head .tile-value').textContent"));
        await page.ScreenshotAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "site-map-nested.png"));

        await page.ClickAsync("#site-map .tile[data-path='Region_2/Site_C'] > .tile-head");
        await page.WaitForAsync("location.pathname === '/tree' && document.querySelector('#tree-rows tr.focused')");
        Assert.Equal("Region_2/Site_C", await page.EvaluateAsync<string>("document.querySelector('#tree-rows tr.focused').dataset.path"));
    }
}
