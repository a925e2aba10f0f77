using System.IO.Compression;
using System.Net.Http.Headers;

namespace Conciliazione.Web.Tests.Plumbing;

/// <summary>
/// The first visit downloads Bootstrap Italia (1 MB of script, 600 KB of style): compressed when the
/// browser accepts it, over HTTPS too, and cached for a year at its versioned address.
/// </summary>
public sealed class StaticAssetsTests(PortalFactory factory) : PortalTest(factory)
{
    private async Task<(string Css, string Js)> VersionedAssetsAsync(PortalClient client)
    {
        var home = await client.GetDocumentAsync("/");
        var css = home.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).Single(h => h.Contains("bootstrap-italia.min.css", StringComparison.Ordinal));
        var js = home.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).Single(h => h.Contains("bootstrap-italia.bundle.min.js", StringComparison.Ordinal));
        return (css, js);
    }

    private static async Task<HttpResponseMessage> GetAsync(PortalClient client, string url, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(acceptEncoding));
        }

        return await client.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Layout_LinksBootstrapItalia_WithAVersion()
    {
        using var client = Factory.CreatePortalClient();

        var (css, js) = await VersionedAssetsAsync(client);

        Assert.Contains("?v=", css, StringComparison.Ordinal);
        Assert.Contains("?v=", js, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task BootstrapItalia_IsCompressed_OverHttps_AndCachedForAYear(string encoding)
    {
        using var client = Factory.CreatePortalClient();
        var (css, js) = await VersionedAssetsAsync(client);

        foreach (var url in new[] { css, js })
        {
            using var response = await GetAsync(client, url, encoding);
            using var plain = await GetAsync(client, url, null);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("https", response.RequestMessage!.RequestUri!.Scheme);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            var compressed = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            var original = await plain.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            Assert.Empty(plain.Content.Headers.ContentEncoding);
            Assert.True(compressed.Length * 3 < original.Length, $"{url}: {compressed.Length} bytes compressed of {original.Length}");
            Assert.Equal(original, Decompress(compressed, encoding));
        }
    }

    [Fact]
    public async Task UnversionedStaticFile_IsCachedBriefly()
    {
        using var client = Factory.CreatePortalClient();

        using var response = await GetAsync(client, "/lib/bootstrap-italia/svg/sprites.svg", "br");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl!.ToString());
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Pages_AreNotCompressed_SoNoSecretLeaksThroughTheirSize()
    {
        using var client = Factory.CreatePortalClient();

        using var response = await GetAsync(client, "/Account/Login?returnUrl=%2FStaff", "br");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    private static byte[] Decompress(byte[] data, string encoding)
    {
        using var input = new MemoryStream(data);
        using Stream stream = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}
