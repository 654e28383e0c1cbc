using System.Net;
using System.Net.Sockets;

namespace NeuralSharp.BrowserTests;

/// <summary>
/// Serves the published playground (its wwwroot) on 127.0.0.1 as any static host would, with the MIME types WebAssembly
/// needs and index.html for the app's own routes (/backprop), so that a browser can load it as a user's would.
/// </summary>
public sealed class StaticSite : IDisposable
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript",
        [".mjs"] = "text/javascript",
        [".css"] = "text/css",
        [".json"] = "application/json",
        [".wasm"] = "application/wasm",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".svg"] = "image/svg+xml",
        [".safetensors"] = "application/octet-stream",
    };

    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _serving;

    public StaticSite(string root)
    {
        _root = Path.GetFullPath(root);
        if (!File.Exists(Path.Combine(_root, "index.html")))
        {
            throw new DirectoryNotFoundException($"no published playground at '{_root}' (tests/browser/run.sh publishes it and sets NEURALSHARP_PLAYGROUND)");
        }

        var port = FreePort();
        BaseAddress = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseAddress);
        _listener.Start();
        _serving = Task.Run(Serve);
    }

    /// <summary>The site's address, ending in a slash.</summary>
    public string BaseAddress { get; }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Respond(context));
        }
    }

    private void Respond(HttpListenerContext context)
    {
        using var response = context.Response;
        var relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
        var path = Path.GetFullPath(Path.Combine(_root, relative.Length == 0 ? "index.html" : relative));
        if (!path.StartsWith(_root, StringComparison.Ordinal))
        {
            response.StatusCode = 403;
            return;
        }

        if (!File.Exists(path) && Path.GetExtension(path).Length == 0)
        {
            path = Path.Combine(_root, "index.html"); // a route of the app, not a file
        }

        if (!File.Exists(path))
        {
            response.StatusCode = 404;
            return;
        }

        response.ContentType = Types.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
        var bytes = File.ReadAllBytes(path);
        response.ContentLength64 = bytes.Length;
        try
        {
            response.OutputStream.Write(bytes);
        }
        catch (HttpListenerException)
        {
            // The browser went away mid-response.
        }
    }
}
