using Microsoft.Playwright;

namespace Commerce.Analytics.BrowserTests;

/// <summary>
/// Which browser the tests drive, as the README's prerequisites table says: the executable in <c>COMMERCE_BROWSER</c>
/// when set; else Debian's Chromium at <see cref="DebianChromium"/> on Linux; else an installed Chrome (macOS) or Edge
/// (Windows) through Playwright's channels, so nothing needs installing there.
/// </summary>
public static class TestBrowser
{
    public const string EnvironmentVariable = "COMMERCE_BROWSER";
    public const string DebianChromium = "/usr/bin/chromium";

    static readonly string[] Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static BrowserTypeLaunchOptions LaunchOptions()
    {
        var options = new BrowserTypeLaunchOptions { Args = Args, Headless = true };
        var chosen = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            Assert.True(File.Exists(chosen), $"{EnvironmentVariable} names {chosen}, which does not exist.");
            options.ExecutablePath = chosen;
        }
        else if (OperatingSystem.IsLinux())
        {
            Assert.True(
                File.Exists(DebianChromium),
                $"The browser tests need Chromium and it was not found at {DebianChromium}. Install it with: sudo apt-get install -y chromium (or set {EnvironmentVariable} to a Chromium-family executable).");
            options.ExecutablePath = DebianChromium;
        }
        else
        {
            options.Channel = OperatingSystem.IsWindows() ? "msedge" : "chrome";
        }

        return options;
    }
}
