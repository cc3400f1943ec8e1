using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgreementService.Infrastructure;

/// <summary>
/// A body that is not valid JSON, or not the operation's shape, is the client's mistake: it is answered with 400 and
/// logged at Debug, as ASP.NET Core logs its own unreadable bodies. Wolverine.Http logs it at Error, under the request
/// type's name ("Error trying to deserialize JSON from incoming HTTP body…", a fixed level in <c>HttpHandler.ReadJsonAsync</c>
/// with no setting), which would page an operator for every typo and let anyone fill the error log. Only that message
/// with a <see cref="JsonException"/> is lowered; any other exception there is a fault of ours and stays an Error.
/// That log entry is also the only place Wolverine shows the exception before it answers: it is left on the request as
/// an <see cref="UnreadableBody"/>, so that the answer names the field and why in plain words (<see cref="Problems.Complete"/>).
/// </summary>
internal sealed class ClientErrorLogger<T>(ILoggerFactory factory, IHttpContextAccessor http) : ILogger<T>
{
    private const string UnreadableBodyMessage = "Error trying to deserialize JSON from incoming HTTP body";

    private readonly ILogger _inner = factory.CreateLogger(typeof(T));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.Error && exception is JsonException unreadable && IsUnreadableBody(state))
        {
            http.HttpContext?.Features.Set(new UnreadableBody(typeof(T), unreadable));
            logLevel = LogLevel.Debug;
        }

        _inner.Log(logLevel, eventId, state, exception, formatter);
    }

    private static bool IsUnreadableBody<TState>(TState state) =>
        state is IReadOnlyList<KeyValuePair<string, object?>> values
        && values.Any(v => v is { Key: "{OriginalFormat}", Value: string format } && format.StartsWith(UnreadableBodyMessage, StringComparison.Ordinal));
}

public static class ClientErrorLogging
{
    /// <summary>Every <c>ILogger&lt;T&gt;</c> is a <see cref="ClientErrorLogger{T}"/>: the same logger, with unreadable bodies at Debug.</summary>
    public static IServiceCollection LogUnreadableBodiesAsClientErrors(this IServiceCollection services) =>
        services.AddHttpContextAccessor().Replace(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(ClientErrorLogger<>)));
}
