using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgreementService.Tests.Support;

public sealed record LogEntry(long Number, string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>What the test host logged (the latest entries), to check what an operator would see.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private const int Kept = 5_000;
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private long _logged;

    /// <summary>Where the log stands now: <see cref="Since"/> gives what was logged after.</summary>
    public long Mark() => Interlocked.Read(ref _logged);

    public IReadOnlyList<LogEntry> Since(long mark) => [.. _entries.Where(e => e.Number > mark)];

    public ILogger CreateLogger(string categoryName) => new Capture(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string category, LogLevel level, string message, Exception? exception)
    {
        _entries.Enqueue(new LogEntry(Interlocked.Increment(ref _logged), category, level, message, exception));
        while (_entries.Count > Kept && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed class Capture(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add(category, logLevel, formatter(state, exception), exception);
    }
}
