using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace AgreementService.Infrastructure;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address. The proxies named in
/// <c>Agreements:TrustedProxies</c> (addresses or networks: <c>127.0.0.1</c>, <c>10.0.0.0/8</c>, <c>::1</c>) are
/// believed when they say whom they forward for and over which scheme — in <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>, or in the standard <c>Forwarded</c> header when <c>Agreements:ForwardedHeader</c> is
/// <c>Forwarded</c> — and no one else is. Reading from the right, the first address that is not a trusted proxy is the
/// client's; that is the address limits count against.
/// </summary>
public sealed record Proxies(IReadOnlyList<System.Net.IPNetwork> Trusted, bool Standard)
{
    public const string Setting = "Agreements:TrustedProxies";
    public const string HeaderSetting = "Agreements:ForwardedHeader";

    /// <summary>The trusted proxies as configured (a list, or one string separated by commas), or why they cannot be.</summary>
    public static (Proxies? Proxies, string? Problem) From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Setting);
        var entries = (section.Value?.Split(',') ?? section.GetChildren().Select(c => c.Value ?? "").ToArray())
            .Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        var header = configuration[HeaderSetting] ?? "X-Forwarded-For";
        if (!header.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase) && !header.Equals("Forwarded", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"{HeaderSetting} is 'X-Forwarded-For' (the default, as nginx sends it) or 'Forwarded' (RFC 7239), not '{header}'.");
        }

        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in entries)
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                return (null, $"{Setting} holds addresses or networks of the reverse proxies to believe, such as 127.0.0.1 or 10.0.0.0/8; '{entry}' is neither.");
            }
        }

        return (new Proxies(networks, header.Equals("Forwarded", StringComparison.OrdinalIgnoreCase)), null);
    }

    /// <summary>Takes the client's address and scheme from the trusted proxies' headers; does nothing when none is configured.</summary>
    public void Use(IApplicationBuilder app)
    {
        if (Trusted.Count == 0)
        {
            return;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null, // as many hops as there are trusted proxies in a row
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear(); // not even loopback unless configured
        foreach (var network in Trusted)
        {
            options.KnownIPNetworks.Add(network);
        }

        if (Standard)
        {
            app.Use((context, next) =>
            {
                FromStandardHeader(context.Request.Headers);
                return next(context);
            });
        }

        app.UseForwardedHeaders(options);
    }

    /// <summary>
    /// RFC 7239's <c>Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"</c> read into the headers the
    /// forwarding middleware reads; whatever X-Forwarded-* a client sent is dropped, for the proxy speaks only Forwarded.
    /// </summary>
    public static void FromStandardHeader(IHeaderDictionary headers)
    {
        var elements = headers["Forwarded"].SelectMany(v => (v ?? "").Split(',')).Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        headers.Remove("X-Forwarded-For");
        headers.Remove("X-Forwarded-Proto");
        if (elements.Count == 0)
        {
            return;
        }

        string? Value(string element, string name) => element.Split(';').Select(p => p.Trim().Split('=', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim().Trim('"')).FirstOrDefault();
        static string Address(string node) =>
            node.StartsWith('[') ? node[1..Math.Max(1, node.IndexOf(']'))] // [2001:db8::1]:4711
            : node.Count(c => c == ':') == 1 ? node[..node.IndexOf(':')] // 192.0.2.60:8080
            : node;
        headers["X-Forwarded-For"] = string.Join(", ", elements.Select(e => Value(e, "for") is { } node ? Address(node) : "unknown"));
        if (elements.Select(e => Value(e, "proto")).LastOrDefault(p => p is not null) is { } proto)
        {
            headers["X-Forwarded-Proto"] = proto;
        }
    }
}
