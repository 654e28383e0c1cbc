using System.Globalization;
using System.Text.Json;

namespace NeuralSharp.BrowserTests;

/// <summary>The playground's pages in headless chromium: they load cleanly, XOR is learnt live, the worked example's numbers show.</summary>
public sealed class PlaygroundPageTests : IClassFixture<Browser>
{
    private readonly Browser _browser;

    public PlaygroundPageTests(Browser browser) => _browser = browser;

    [Theory]
    [InlineData("/", "#play", "playground.png")]
    [InlineData("/backprop", "#diagram", "backprop.png")]
    public void EveryPageLoadsWithNoErrorInTheConsole(string route, string ready, string screenshot)
    {
        _browser.Open(route, ready);
        _browser.Screenshot(screenshot);
        Assert.Empty(_browser.ConsoleErrors());
        Assert.False(_browser.Element("#blazor-error-ui").Displayed, "Blazor's error bar is showing");
    }

    [Fact]
    public void XorIsLearntLiveToATestLossUnderFiveHundredthsAndTheMapChangesWhileItTrains()
    {
        _browser.Open("/", "#play");
        _browser.Choose("#dataset", "Xor");
        _browser.Choose("#optimizer", "adam");
        for (var i = 0; i < 4; i++)
        {
            _browser.Element(".layer:nth-child(1) .layer-head button:first-child").Click(); // 4 -> 8 units
        }

        for (var i = 0; i < 2; i++)
        {
            _browser.Element(".layer:nth-child(2) .layer-head button:first-child").Click(); // 2 -> 4 units
        }

        Assert.Equal("0", _browser.Text("#updates"));
        var untrained = _browser.Element("#decision").GetAttribute("src");
        _browser.Element("#play").Click();
        string? seenWhileTraining = null;
        _browser.Wait(TimeSpan.FromSeconds(180)).Until(_ =>
        {
            seenWhileTraining ??= Updates() > 0 ? _browser.Element("#decision").GetAttribute("src") : null;
            return TestLoss() < 0.05 || Updates() >= 4000;
        });
        _browser.Element("#play").Click();
        _browser.Screenshot("playground-xor.png");

        Assert.True(TestLoss() < 0.05, $"test loss {TestLoss()} after {Updates()} updates");
        Assert.NotEqual(untrained, seenWhileTraining);
        Assert.NotEqual(seenWhileTraining, _browser.Element("#decision").GetAttribute("src"));
        var measured = new { updates = Updates(), updates_per_second = double.Parse(_browser.Text("#rate"), CultureInfo.InvariantCulture), longest_frame_ms = double.Parse(_browser.Text("#longest-frame"), CultureInfo.InvariantCulture) };
        File.WriteAllText(Path.Combine(_browser.Artifacts, "playground-xor.json"), JsonSerializer.Serialize(measured));
        Assert.True(measured.updates_per_second > 0);
        Assert.Empty(_browser.ConsoleErrors());
    }

    [Fact]
    public void TheBackpropagationPageShowsTheCoursesNumbers()
    {
        _browser.Open("/backprop", "#diagram");
        Assert.Equal("w5 = 0.400000000", _browser.Text("#label-w5"));
        Next("Forward pass");
        Assert.Contains("out_h1 = 1 / (1 + e^-net_h1) = 0.593269992", _browser.Text("#trace"));
        Assert.Equal("out 0.593269992", _browser.Text("#node-h1"));
        Next("Errors");
        Assert.Contains("E_total = E_o1 + E_o2 = 0.298371109", _browser.Text("#trace"));
        Next("Backward pass: output layer");
        Next("Backward pass: hidden layer 1");
        Next("Updated weights");
        Assert.Equal("w5 = 0.358916480", _browser.Text("#label-w5"));
        Assert.Equal("w1 = 0.149780716", _browser.Text("#label-w1"));
        _browser.Screenshot("backprop-updated.png");
    }

    [Fact]
    public void TheBenchmarkPageTimesATrainingStepWithWebAssemblySimd()
    {
        _browser.Open("/benchmark", "#run-benchmark");
        _browser.Element("#run-benchmark").Click();
        _browser.Wait(TimeSpan.FromSeconds(120)).Until(_ => _browser.Text("#step-ms") != "–");
        var milliseconds = double.Parse(_browser.Text("#step-ms"), CultureInfo.InvariantCulture);
        Assert.InRange(milliseconds, 0.01, 10_000);
        Assert.Equal("True", _browser.Text("#simd"));
        Assert.Equal("1", _browser.Text("#threads"));
        File.WriteAllText(Path.Combine(_browser.Artifacts, "browser-step.json"), JsonSerializer.Serialize(new { median_step_ms = milliseconds }));
        Assert.Empty(_browser.ConsoleErrors());
    }

    private void Next(string stage)
    {
        _browser.Element("#next").Click();
        _browser.Wait(TimeSpan.FromSeconds(10)).Until(_ => _browser.Text("#stage-name") == stage);
    }

    private double TestLoss() => double.Parse(_browser.Text("#test-loss"), CultureInfo.InvariantCulture);

    private long Updates() => long.Parse(_browser.Text("#updates"), CultureInfo.InvariantCulture);
}
