using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Forwarded headers (X-Forwarded-For, X-Forwarded-Proto) count only when the connection comes
/// from a configured reverse proxy: <c>Portal:KnownProxies</c> (addresses) or
/// <c>Portal:KnownNetworks</c> (CIDR, e.g. 10.0.0.0/24).
/// </summary>
/// <remarks>
/// ASP.NET trusts loopback by default (127.0.0.0/8 and ::1). The portal clears that default on
/// purpose: the client IP feeds the rate limits and the audit trail (SECURITY-CHECKS #4, #27), and
/// any process on the host (or a sidecar sharing its network) could otherwise pick both. A proxy
/// on the same machine is listed explicitly (<c>Portal:KnownProxies:0=127.0.0.1</c>). With nothing
/// configured, the headers are ignored and the connection's address is the client's.
/// </remarks>
public static class TrustedProxies
{
    public static void Configure(ForwardedHeadersOptions o, IConfiguration config)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        o.ForwardLimit = 1;
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var proxy in config.GetSection("Portal:KnownProxies").Get<string[]>() ?? [])
        {
            o.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip)
                ? ip
                : throw new InvalidOperationException("Portal:KnownProxies: not an IP address: " + proxy));
        }

        foreach (var network in config.GetSection("Portal:KnownNetworks").Get<string[]>() ?? [])
        {
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var n)
                ? n
                : throw new InvalidOperationException("Portal:KnownNetworks: not a CIDR network: " + network));
        }

        if (o.KnownProxies.Count == 0 && o.KnownIPNetworks.Count == 0)
        {
            // With both lists empty the middleware would trust every sender: ignore the headers instead.
            o.ForwardedHeaders = ForwardedHeaders.None;
        }
    }
}
