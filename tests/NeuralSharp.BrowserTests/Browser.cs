using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace NeuralSharp.BrowserTests;

/// <summary>
/// One headless Debian chromium, driven through the system chromedriver (nothing is downloaded), on the published
/// playground served by a <see cref="StaticSite"/>; shared by the tests of a class.
/// </summary>
public sealed class Browser : IDisposable
{
    public Browser()
    {
        var published = Environment.GetEnvironmentVariable("NEURALSHARP_PLAYGROUND")
            ?? throw new InvalidOperationException("NEURALSHARP_PLAYGROUND is not set: run tests/browser/run.sh, which publishes the playground and sets it");
        Site = new StaticSite(Path.Combine(published, "wwwroot"));
        Artifacts = Environment.GetEnvironmentVariable("NEURALSHARP_BROWSER_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(Artifacts);
        var options = new ChromeOptions { BinaryLocation = Find("chromium", "/usr/bin/chromium") };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var driverPath = Find("chromedriver", "/usr/bin/chromedriver");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
    }

    public StaticSite Site { get; }

    public ChromeDriver Driver { get; }

    /// <summary>Where screenshots and measurements go.</summary>
    public string Artifacts { get; }

    public void Dispose()
    {
        Driver.Quit();
        Site.Dispose();
    }

    /// <summary>Opens a page of the app and waits until Blazor has rendered <paramref name="readySelector"/>.</summary>
    public void Open(string route, string readySelector)
    {
        ConsoleErrors(); // what an earlier page logged is not this one's
        Driver.Navigate().GoToUrl(Site.BaseAddress + route.TrimStart('/'));
        Wait(TimeSpan.FromSeconds(60)).Until(d => d.FindElements(By.CssSelector(readySelector)).Count > 0);
    }

    public WebDriverWait Wait(TimeSpan timeout) => new(Driver, timeout) { PollingInterval = TimeSpan.FromMilliseconds(100) };

    public IWebElement Element(string css) => Driver.FindElement(By.CssSelector(css));

    public string Text(string css) => Element(css).Text;

    /// <summary>Sets a &lt;select&gt; as a user would, so that Blazor's binding sees the change.</summary>
    public void Choose(string css, string value) =>
        Driver.ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", Element(css), value);

    /// <summary>The browser console's errors since the last call.</summary>
    public IReadOnlyList<string> ConsoleErrors() =>
        [.. Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Severe).Select(e => e.Message)];

    public void Screenshot(string name) => Driver.GetScreenshot().SaveAsFile(Path.Combine(Artifacts, name));

    private static string Find(string name, string fallback) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists) ?? fallback;
}
