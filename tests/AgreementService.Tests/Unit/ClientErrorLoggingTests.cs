using System.Text.Json;
using AgreementService.Infrastructure;
using AgreementService.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgreementService.Tests.Unit;

public sealed class ClientErrorLoggingTests
{
    private const string Unreadable = "Error trying to deserialize JSON from incoming HTTP body at {Url} to type {Type}";

    [Fact]
    public void only_a_body_that_is_not_json_of_the_right_shape_is_lowered_to_debug()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var request = new DefaultHttpContext();
        ILogger logger = new ClientErrorLogger<ClientErrorLoggingTests>(factory, new HttpContextAccessor { HttpContext = request });

        logger.LogError(new InvalidOperationException("a converter of ours failed"), Unreadable, "/organisations", "CreateOrganisation");
        logger.LogError(new JsonException("not while reading a body"), "Something else went wrong");
        request.Features.Get<UnreadableBody>().ShouldBeNull();
        var unreadable = new JsonException("'}' is invalid");
        logger.LogError(unreadable, Unreadable, "/organisations", "CreateOrganisation");
        logger.LogWarning("Unchanged");

        // The request keeps what went wrong, for its answer to say.
        request.Features.Get<UnreadableBody>().ShouldBe(new UnreadableBody(typeof(ClientErrorLoggingTests), unreadable));

        logs.Since(0).Select(e => (e.Level, e.Category)).ShouldBe([
            (LogLevel.Error, typeof(ClientErrorLoggingTests).FullName!),
            (LogLevel.Error, typeof(ClientErrorLoggingTests).FullName!),
            (LogLevel.Debug, typeof(ClientErrorLoggingTests).FullName!),
            (LogLevel.Warning, typeof(ClientErrorLoggingTests).FullName!),
        ]);
    }
}
