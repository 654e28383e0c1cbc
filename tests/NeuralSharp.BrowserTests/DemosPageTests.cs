using System.Globalization;
using OpenQA.Selenium;

namespace NeuralSharp.BrowserTests;

/// <summary>The demos page in headless chromium: the course's three claims, computed in the page, show what the course says.</summary>
public sealed class DemosPageTests : IClassFixture<Browser>
{
    private readonly Browser _browser;

    public DemosPageTests(Browser browser) => _browser = browser;

    [Fact]
    public void ThePageLoadsWithNoErrorInTheConsole()
    {
        _browser.Open("/demos", "#dr-table");
        WholePageScreenshot("demos.png");
        Assert.Empty(_browser.ConsoleErrors());
        Assert.False(_browser.Element("#blazor-error-ui").Displayed, "Blazor's error bar is showing");
    }

    [Fact]
    public void InADeepSigmoidNetworkTheInputLayersGradientIsFarSmallerThanTheOutputLayers()
    {
        _browser.Open("/demos", "#vg-chart");
        _browser.Choose("#vg-depth", "10");
        _browser.Wait(TimeSpan.FromSeconds(20)).Until(_ => _browser.Text("#vg-depth-value") == "10");
        _browser.Choose("#vg-activation", "sigmoid");
        _browser.Wait(TimeSpan.FromSeconds(20)).Until(_ => _browser.Driver.FindElements(By.CssSelector("rect.bar.relu")).Count == 0);
        ScrollTo("#vanishing");
        _browser.Screenshot("demos-vanishing.png");

        var output = Norm("#vg-bar-1-sigmoid");
        var input = Norm("#vg-bar-11-sigmoid");
        Assert.True(input < output * 1e-3, $"sigmoid: input layer {input}, output layer {output}");

        _browser.Choose("#vg-activation", "both");
        _browser.Wait(TimeSpan.FromSeconds(20)).Until(_ => _browser.Driver.FindElements(By.CssSelector("rect.bar.relu")).Count == 11);
        var reluRatio = Norm("#vg-bar-11-relu") / Norm("#vg-bar-1-relu");
        Assert.True(reluRatio > 100 * (input / output), $"ReLU ratio {reluRatio}, sigmoid ratio {input / output}");
        Assert.Empty(_browser.ConsoleErrors());
    }

    [Fact]
    public void TheUniversalApproximationErrorFallsAsUnitsGoFromOneToSixtyFour()
    {
        _browser.Open("/demos", "#ua-chart");
        var errors = new List<double>();
        for (var i = 0; i <= 6; i++)
        {
            var units = (1 << i).ToString(CultureInfo.InvariantCulture);
            _browser.Choose("#ua-units", i.ToString(CultureInfo.InvariantCulture));
            _browser.Wait(TimeSpan.FromSeconds(20)).Until(_ => _browser.Text("#ua-units-value") == units);
            errors.Add(double.Parse(_browser.Text("#ua-mse"), CultureInfo.InvariantCulture));
            if (i is 2 or 6)
            {
                ScrollTo("#universal");
                _browser.Screenshot($"demos-universal-{units}.png");
            }
        }

        Assert.All(errors.Zip(errors.Skip(1)), p => Assert.True(p.Second <= p.First * 1.0001, $"errors {string.Join(", ", errors)}"));
        Assert.True(errors[^1] < errors[0] / 100, $"errors {string.Join(", ", errors)}");
        Assert.Empty(_browser.ConsoleErrors());
    }

    [Fact]
    public void ALargeLearningRateKillsReluUnitsButNoLeakyEluOrMaxoutUnits()
    {
        _browser.Open("/demos", "#dr-table");
        _browser.Choose("#dr-rate", "0.1");
        _browser.Wait(TimeSpan.FromSeconds(60)).Until(_ => _browser.Text("#dr-status").StartsWith("trained", StringComparison.Ordinal));
        ScrollTo("#dead");
        _browser.Screenshot("demos-dead.png");

        Assert.Equal("ReLU, lr 0.001", Row(0).GetAttribute("data-name"));
        Assert.Equal("ReLU, lr 0.1", Row(1).GetAttribute("data-name"));
        Assert.True(Dead(1) > 0.1 && Dead(1) > Dead(0) + 0.1, $"dead ReLUs: {Dead(0)} at 0.001, {Dead(1)} at 0.1");
        for (var i = 2; i < 5; i++)
        {
            Assert.Equal(0, Dead(i));
        }

        File.WriteAllText(Path.Combine(_browser.Artifacts, "demos-dead.txt"), _browser.Text("#dr-status"));
        Assert.Empty(_browser.ConsoleErrors());
    }

    /// <summary>Brings a demo into view, with the focus off its controls so that the screenshot shows the demo alone.</summary>
    private void ScrollTo(string css) =>
        _browser.Driver.ExecuteScript("document.activeElement?.blur(); arguments[0].scrollIntoView();", _browser.Element(css));

    /// <summary>The three demos in one picture: the window is made as tall as the page for the screenshot, then put back.</summary>
    private void WholePageScreenshot(string name)
    {
        var window = _browser.Driver.Manage().Window;
        var size = window.Size;
        var height = Convert.ToInt32(_browser.Driver.ExecuteScript("return document.documentElement.scrollHeight;"), CultureInfo.InvariantCulture);
        window.Size = new System.Drawing.Size(1100, height + 160);
        try
        {
            _browser.Driver.ExecuteScript("document.activeElement?.blur();");
            _browser.Screenshot(name);
        }
        finally
        {
            window.Size = size;
        }
    }

    private double Norm(string css) => double.Parse(_browser.Element(css).GetAttribute("data-norm")!, CultureInfo.InvariantCulture);

    private IWebElement Row(int i) => _browser.Element($"#dr-row-{i}");

    private double Dead(int i) => double.Parse(Row(i).GetAttribute("data-dead")!, CultureInfo.InvariantCulture);
}
