using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace NeuralSharp.Data;

/// <summary>Downloads the published <c>.gz</c> files from each mirror in turn, checking the download's SHA-256 when it is pinned.</summary>
internal sealed class HttpMirrorSource(IReadOnlyList<string> mirrors, Func<HttpMessageHandler> handlerFactory, AtomicInstaller installer) : IDatasetSource
{
    // HttpClient.Timeout stops covering a response once its headers are in, so a body that stops flowing needs its own limit.
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The handler real downloads use; a closed network must fail within seconds rather than hang.</summary>
    public static HttpMessageHandler DefaultHandler() => new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    };

    /// <inheritdoc/>
    public async Task FetchAsync(List<IdxFileSpec> missing, CancellationToken cancellationToken)
    {
        if (mirrors.Count == 0)
        {
            return;
        }

        using var client = new HttpClient(handlerFactory(), disposeHandler: true) { Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("NeuralSharp", "0.1"));
        foreach (string mirror in mirrors)
        {
            foreach (IdxFileSpec file in missing.ToArray())
            {
                string url = mirror + file.Name + ".gz";
                bool? outcome = await TryDownloadAsync(client, url, file, cancellationToken).ConfigureAwait(false);
                if (outcome == true)
                {
                    missing.Remove(file);
                }
                else if (outcome is null)
                {
                    // Once a host is unreachable, its other files would only repeat the same wait.
                    break;
                }
            }

            if (missing.Count == 0)
            {
                return;
            }
        }
    }

    /// <returns><see langword="true"/> when installed, <see langword="false"/> on a bad answer, <see langword="null"/> when the host is unreachable.</returns>
    private async Task<bool?> TryDownloadAsync(HttpClient client, string url, IdxFileSpec file, CancellationToken cancellationToken)
    {
        string temp = installer.TempPath(file.Name + ".gz");
        try
        {
            using (var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    installer.Attempts.Add($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                    return false;
                }

                long? total = response.Content.Headers.ContentLength;
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

                // A compressed download is far smaller than its content; anything larger is not the file we want.
                long limit = file.Size + (1 << 20);
                await installer.CopyAsync(body, output, hash, limit, file.Name, url, total, stall.Token, (stall, StallTimeout)).ConfigureAwait(false);
                string digest = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (file.GzipSha256 is not null && !string.Equals(digest, file.GzipSha256, StringComparison.OrdinalIgnoreCase))
                {
                    installer.Attempts.Add($"{url}: SHA-256 of the download is {digest}, expected {file.GzipSha256}");
                    return false;
                }
            }

            await using var gz = File.OpenRead(temp);
            return await installer.InstallAsync(gz, file, url, null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            installer.Attempts.Add($"{url}: could not connect ({ex.Message})");
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            installer.Attempts.Add($"{url}: could not connect or the transfer stalled (timed out)");
            return null;
        }
        catch (Exception ex) when (ex is IOException or DownloadTooLargeException)
        {
            installer.Attempts.Add($"{url}: {ex.Message}");
            return false;
        }
        finally
        {
            AtomicInstaller.TryDelete(temp);
        }
    }
}
