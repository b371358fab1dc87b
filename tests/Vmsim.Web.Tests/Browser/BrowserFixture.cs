using System.Diagnostics;
using Microsoft.Playwright;

namespace Vmsim.Web.Tests.Browser;

/// <summary>
/// One visualizer server on a free loopback port and one headless Debian Chromium driven by
/// Playwright, shared by the browser tests. Chromium is Debian's (/usr/bin/chromium), made
/// sure of by scripts/ensure-chromium.sh, which installs it as root and otherwise fails
/// with the command to run: these tests fail rather than skip when it is missing.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private string? _profile;

    public VisualizerHost Host { get; private set; } = null!;

    public IBrowserContext Browser { get; private set; } = null!;

    public Uri Address => Host.Addresses[0];

    /// <summary>The repository's root (where vmsim.slnx is).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// Where a screenshot shown in the documentation goes: the temporary folder, so that a test
    /// run leaves the clone as it found it; docs/images when VMSIM_UPDATE_DOC_IMAGES=1 asks
    /// for the documentation's pictures to be taken again.
    /// </summary>
    public static string DocImagePath(string name) =>
        Environment.GetEnvironmentVariable("VMSIM_UPDATE_DOC_IMAGES") == "1"
            ? Path.Combine(RepositoryRoot, "docs", "images", name)
            : Path.Combine(Path.GetTempPath(), "vmsim-" + name);

    public async Task InitializeAsync()
    {
        EnsureChromium();
        Host = await VisualizerServer.StartAsync(new VisualizerOptions { Urls = ["http://127.0.0.1:0"], Output = null, Error = Console.Error });
        _playwright = await Playwright.CreateAsync();
        _profile = Directory.CreateTempSubdirectory("vmsim-chromium-").FullName;
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Timeout = 60_000,
        });
        Browser.SetDefaultTimeout(20_000);

        // An assertion waits as long as an action may: on a busy 2-core machine (the first run
        // of a fresh clone, the other test projects and valgrind running beside) the page can
        // take more than Playwright's default 5 s to show a step.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (_profile is not null)
        {
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be letting go of its profile; it is a temporary folder.
            }
        }
    }

    /// <summary>A new tab on the visualizer, with the page's console errors collected into <paramref name="errors"/>.</summary>
    public async Task<IPage> OpenAsync(List<string> errors)
    {
        var page = await Browser.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(Address.ToString());
        await page.WaitForFunctionAsync("() => window.vmsim && window.vmsim.snapshot !== null");
        return page;
    }

    private static void EnsureChromium()
    {
        var script = Path.Combine(RepositoryRoot, "scripts", "ensure-chromium.sh");
        var start = new ProcessStartInfo("bash", [script])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {script}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"the browser tests need Chromium at {ChromiumPath}, and {script} could not provide it:\n{stdout}{stderr.Result}");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "vmsim.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no vmsim.slnx above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
