using LibreQoS.TestKit;
using LibreQoS.WebUi.Tests.Infrastructure;

namespace LibreQoS.WebUi.Tests.Browser;

/// <summary>One lab and one chromium for the browser tests; each test opens its own isolated tab.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string ScreenshotDirectory => Path.Combine(RepoPaths.Root, "test-results", "screenshots");

    public LqosdLab Lab { get; private set; } = null!;

    public Chromium? Browser { get; private set; }

    public async Task InitializeAsync()
    {
        Lab = await LqosdLab.StartAsync();
        if (File.Exists(Chromium.Executable))
            Browser = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        await Lab.DisposeAsync();
    }

    public Uri Url(string path) => new(Lab.BaseUri, path);

    /// <summary>A fresh tab signed in through the sign-in page, on the dashboard.</summary>
    public Task<BrowserPage> SignedInPageAsync(string username, string password) => Browser!.SignedInPageAsync(Lab.BaseUri, username, password);
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
