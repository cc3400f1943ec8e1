using System.Net;
using System.Net.Sockets;

namespace AgreementService.Webhooks;

/// <summary>
/// The settings of webhooks (<c>Agreements:Webhooks</c>): private destinations are refused unless
/// <c>AllowPrivateAddresses</c> (development and tests); an agreement has at most <c>MaxPerAgreement</c> webhooks; a
/// delivery that has failed for <c>GiveUpAfterHours</c> is given up and its webhook marked failing.
/// </summary>
public sealed record WebhookSettings(bool AllowPrivateAddresses = false, int MaxPerAgreement = 10, double GiveUpAfterHours = 24)
{
    public static WebhookSettings From(IConfiguration configuration) =>
        configuration.GetSection("Agreements:Webhooks").Get<WebhookSettings>() ?? new WebhookSettings();
}

/// <summary>
/// Where webhooks may post: only to public addresses, as GitHub, Stripe and Svix do, so that a facilitator cannot make the
/// server reach what only it can reach (its own ports, the cloud's metadata service, the private network). Checked on
/// every address a name resolves to, at registration and again at each connection (a name may resolve elsewhere later).
/// </summary>
public static class Destinations
{
    /// <summary>Why the url cannot receive webhooks, from its text alone; null when it may (its name is still to be resolved).</summary>
    public static string? UrlProblem(string url, bool allowPrivate)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "'url' must be an absolute http or https address.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "'url' may not carry a user name or password; sign requests with the webhook's secret instead.";
        }

        // Uri reads every spelling of an address (2130706433, 0x7f.1, 127.1, [::ffff:a9fe:a9fe]) as the address it is.
        return !allowPrivate && uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && !IsPublic(IPAddress.Parse(uri.IdnHost))
            ? NotPublic
            : null;
    }

    /// <summary>Why the addresses a name resolved to cannot receive webhooks (any one private is enough), or null when all are public.</summary>
    public static string? AddressProblem(IReadOnlyList<IPAddress> addresses, bool allowPrivate) =>
        allowPrivate || (addresses.Count > 0 && addresses.All(IsPublic)) ? null
        : addresses.Count == 0 ? "The host in 'url' does not resolve to any address."
        : NotPublic;

    public const string NotPublic = "'url' must reach a public address; private, loopback, link-local and reserved addresses are refused.";

    /// <summary>The addresses the url's host names, resolved (an address literal is itself).</summary>
    public static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return [];
        }

        if (IPAddress.TryParse(uri.IdnHost, out var literal))
        {
            return [literal];
        }

        try
        {
            return await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    /// <summary>Whether an address is on the public internet: not loopback, private, link-local, shared, multicast, documentation or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                     || (b[0] == 100 && b[1] is >= 64 and < 128)
                     || (b[0] == 169 && b[1] == 254)
                     || (b[0] == 172 && b[1] is >= 16 and < 32)
                     || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                     || (b[0] == 198 && b[1] is 18 or 19)
                     || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                     || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var v6 = address.GetAddressBytes();
        return !(address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6None)
                 || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
                 || v6.Take(12).All(x => x == 0) // IPv4-compatible and unspecified
                 || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) // documentation
                 || (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b) // NAT64, which embeds any IPv4
                 || (v6[0] == 0x20 && v6[1] == 0x02)); // 6to4, which embeds any IPv4
    }

    /// <summary>
    /// Connects only to an address the name resolves to now that may receive webhooks: the check at every delivery, so
    /// that a name which resolved to a public address at registration cannot be pointed at a private one later.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        if (AddressProblem(addresses, allowPrivate) is { } problem)
        {
            throw new HttpRequestException($"refused: {problem}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
