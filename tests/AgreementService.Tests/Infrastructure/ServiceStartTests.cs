using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Infrastructure;

/// <summary>The service as a fresh machine runs it: no configuration at all.</summary>
[Trait("Category", TestKinds.Process)]
public sealed partial class ServiceStartTests
{
    [Fact]
    public async Task it_refuses_to_start_with_an_administrator_token_short_enough_to_guess()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string> { ["Agreements__AdminToken"] = "short-token" });

        (await service.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue(service.Output);
        service.ExitCode.ShouldBe(1);
        service.Output.ShouldContain("Agreements:AdminToken must be at least 32 characters long");
    }

    [Fact]
    public async Task the_swagger_ui_can_be_turned_off_and_the_openapi_document_stays()
    {
        Directory.CreateDirectory(TestDatabase.ThrowawayRoot);
        var dataDirectory = Path.Combine(TestDatabase.ThrowawayRoot, $"{Environment.ProcessId}-swagger-{Guid.NewGuid():N}");
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string>
            {
                ["Agreements__DataDirectory"] = dataDirectory, ["Agreements__SwaggerUi"] = "false",
            });
            (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);

            (await service.Client.GetAsync("/swagger/index.html")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await service.Client.GetAsync("/swagger/v1/swagger.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await service.StopAsync();
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task traces_and_metrics_go_over_otlp_when_an_endpoint_is_set()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var collector = new LocalSite((request, _) => { received.Enqueue(request.Url!.AbsolutePath); return (200, "application/x-protobuf", ""); });
        Directory.CreateDirectory(TestDatabase.ThrowawayRoot);
        var dataDirectory = Path.Combine(TestDatabase.ThrowawayRoot, $"{Environment.ProcessId}-otlp-{Guid.NewGuid():N}");
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string>
            {
                ["Agreements__DataDirectory"] = dataDirectory, ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf", ["OTEL_BSP_SCHEDULE_DELAY"] = "200", ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            });
            (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);
            (await service.Client.GetAsync("/agreements")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

            (await Poll.UntilAsync(() => received.Contains("/v1/traces") && received.Contains("/v1/metrics"), TimeSpan.FromSeconds(30)))
                .ShouldBeTrue(string.Join(", ", received.Distinct()));
            await service.StopAsync();
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task with_nothing_configured_it_runs_an_embedded_database_that_keeps_its_data_across_restarts()
    {
        Directory.CreateDirectory(TestDatabase.ThrowawayRoot);
        var dataDirectory = Path.Combine(TestDatabase.ThrowawayRoot, $"{Environment.ProcessId}-service-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string> { ["Agreements__DataDirectory"] = dataDirectory };
        try
        {
            string token;
            await using (var first = ServiceProcess.Start(settings))
            {
                (await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(first.Output);
                first.Output.ShouldContain($"with its data in {dataDirectory}");
                token = AdministratorToken().Match(first.Output).Groups[1].Value;
                token.ShouldNotBeEmpty(first.Output);

                using var create = new HttpRequestMessage(HttpMethod.Post, "/organisations") { Content = JsonContent.Create(new { name = "ASGI" }) };
                create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                (await first.Client.SendAsync(create)).StatusCode.ShouldBe(HttpStatusCode.Created);

                await first.StopAsync();
                first.ExitCode.ShouldBe(0, first.Output);
                first.Output.ShouldContain("Stopped the database this process started");
            }

            File.Exists(Path.Combine(dataDirectory, "postmaster.pid")).ShouldBeFalse("the embedded PostgreSQL should stop with the service");

            await using var second = ServiceProcess.Start(settings);
            (await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(second.Output);
            second.Output.ShouldNotContain("shown once", Case.Sensitive, "the administrator token is printed at first start only");
            using var list = new HttpRequestMessage(HttpMethod.Get, "/organisations");
            list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var organisations = await (await second.Client.SendAsync(list)).Content.ReadAsStringAsync();
            organisations.ShouldContain("ASGI");
        }
        finally
        {
            // Named after this process, so a server left running by a failure here is reaped by the next run.
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task with_no_database_to_be_had_it_exits_saying_what_to_install_or_configure()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["Agreements__PostgresBinaries"] = "/nonexistent/postgresql/bin",
            ["DOCKER_HOST"] = "tcp://127.0.0.1:1",
        });

        (await service.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue(service.Output);

        service.ExitCode.ShouldBe(1);
        service.Output.Trim().ShouldStartWith("No database: set ConnectionStrings:Agreements");
        service.Output.ShouldContain("apt-get install postgresql");
    }

    [GeneratedRegex(@"(agr_[A-Za-z0-9_-]{43})")]
    private static partial Regex AdministratorToken();
}
