using System.Globalization;
using System.IO.Compression;
using OpenQA.Selenium.Interactions;

namespace NeuralSharp.BrowserTests;

/// <summary>The digits page in headless chromium: MNIST test digits drawn stroke by stroke are read correctly, and a network trains in the page.</summary>
public sealed class DigitsPageTests : IClassFixture<Browser>
{
    private readonly Browser _browser;

    public DigitsPageTests(Browser browser) => _browser = browser;

    [Fact]
    public void MnistTestDigitsDrawnWithThePenAreClassifiedAsThoseDigits()
    {
        _browser.Open("/digits", "#predictions");
        var (images, labels) = ShippedTestDigits();
        for (var i = 0; i < 3; i++)
        {
            _browser.Element("#clear").Click();
            Draw(images[i]);
            _browser.Wait(TimeSpan.FromSeconds(20)).Until(_ => _browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("#predictions li")).Count == 3);
            var best = _browser.Text("#predictions li:first-child b");
            _browser.Screenshot($"digits-{i}.png");
            Assert.Equal(labels[i].ToString(CultureInfo.InvariantCulture), best);
        }

        Assert.Empty(_browser.ConsoleErrors());
    }

    [Fact]
    public void ANetworkTrainsInThePageToMostOfTheTestDigits()
    {
        _browser.Open("/digits", "#train-here:not([disabled])");
        _browser.Element("#train-here").Click();
        _browser.Wait(TimeSpan.FromSeconds(180)).Until(_ => Accuracy() >= 0.8);
        _browser.Element("#train-here").Click();
        _browser.Screenshot("digits-trained.png");
        Assert.True(Accuracy() >= 0.8, $"test accuracy {Accuracy()}");
        Assert.Empty(_browser.ConsoleErrors());
    }

    private double Accuracy() => _browser.Text("#train-accuracy") is var text && text.EndsWith('%') ? double.Parse(text.TrimEnd('%'), CultureInfo.InvariantCulture) / 100 : 0;

    /// <summary>Replays a 28 x 28 digit as pen strokes on the 280 x 280 pad: each row's runs of ink, one drag per run.</summary>
    private void Draw(byte[] image)
    {
        var pad = _browser.Element("#pad");
        var actions = new Actions(_browser.Driver);
        for (var r = 0; r < 28; r++)
        {
            for (var c = 0; c < 28; c++)
            {
                if (image[(r * 28) + c] < 128)
                {
                    continue;
                }

                var end = c;
                while (end + 1 < 28 && image[(r * 28) + end + 1] >= 128)
                {
                    end++;
                }

                // Offsets are from the pad's centre.
                actions.MoveToElement(pad, (c * 10) + 5 - 140, (r * 10) + 5 - 140).ClickAndHold()
                    .MoveToElement(pad, (end * 10) + 5 - 140, (r * 10) + 5 - 140).Release();
                c = end;
            }
        }

        actions.Perform();
    }

    /// <summary>The first test digits the app ships (data/mnist-test-500-*), read from the published folder.</summary>
    private static (byte[][] Images, byte[] Labels) ShippedTestDigits()
    {
        var data = Path.Combine(Environment.GetEnvironmentVariable("NEURALSHARP_PLAYGROUND")!, "wwwroot", "data");
        var images = Inflate(Path.Combine(data, "mnist-test-500-images-idx3-ubyte.gz"));
        var labels = Inflate(Path.Combine(data, "mnist-test-500-labels-idx1-ubyte.gz"));
        return ([.. Enumerable.Range(0, 3).Select(i => images[(16 + (i * 784))..(16 + ((i + 1) * 784))])], labels[8..11]);
    }

    private static byte[] Inflate(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }
}
