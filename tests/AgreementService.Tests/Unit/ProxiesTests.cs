using AgreementService.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace AgreementService.Tests.Unit;

/// <summary>Which proxies are believed, as configured, and RFC 7239's Forwarded header read as nginx's headers are.</summary>
public sealed class ProxiesTests
{
    private static (Proxies? Proxies, string? Problem) From(params (string Key, string Value)[] settings) =>
        Proxies.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void proxies_are_addresses_or_networks_in_a_list_or_one_string_and_none_by_default()
    {
        From().Proxies!.Trusted.ShouldBeEmpty("forwarded headers are believed from no one unless configured");
        From(("Agreements:TrustedProxies", "127.0.0.1, 10.0.0.0/8,::1")).Proxies!.Trusted.Select(n => n.ToString()).ShouldBe(["127.0.0.1/32", "10.0.0.0/8", "::1/128"]);
        From(("Agreements:TrustedProxies:0", "192.168.1.0/24"), ("Agreements:TrustedProxies:1", "fd00::/8")).Proxies!.Trusted.Count.ShouldBe(2);
        From(("Agreements:TrustedProxies", "nginx.internal")).Problem!.ShouldContain("'nginx.internal' is neither");
        From(("Agreements:ForwardedHeader", "X-Real-IP")).Problem!.ShouldContain("not 'X-Real-IP'");
    }

    [Fact]
    public void the_standard_header_replaces_whatever_x_forwarded_headers_a_client_sent()
    {
        var headers = new HeaderDictionary
        {
            ["Forwarded"] = "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\";proto=https, for=198.51.100.1:8080, by=10.0.0.1",
            ["X-Forwarded-For"] = "203.0.113.9",
        };

        Proxies.FromStandardHeader(headers);

        headers["X-Forwarded-For"].ToString().ShouldBe("192.0.2.60, 2001:db8:cafe::17, 198.51.100.1, unknown");
        headers["X-Forwarded-Proto"].ToString().ShouldBe("https");
    }
}
