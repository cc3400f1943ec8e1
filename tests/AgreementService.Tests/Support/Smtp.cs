using System.Buffers;
using System.Collections.Concurrent;
using AgreementService.LocalDatabase;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AgreementService.Tests.Support;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package), on 127.0.0.1: the service sends to it over SMTP
/// with MailKit as it would to any server, and tests read what arrived, parsed by MimeKit.
/// </summary>
public sealed class Smtp : MessageStore, IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _refusals;

    /// <summary>Listens on <paramref name="port"/>, or on a free port.</summary>
    public Smtp(int? port = null)
    {
        Port = port ?? LocalPostgres.FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>What the service has sent so far, to anyone.</summary>
    public IReadOnlyList<MimeMessage> Received => [.. _received];

    /// <summary>The next <paramref name="times"/> messages are refused with 451 (a transient failure the sender must retry).</summary>
    public void Refuse(int times) => Interlocked.Exchange(ref _refusals, times);

    /// <summary>Forgets what came before (each test starts with an empty mailbox).</summary>
    public void Clear()
    {
        _received.Clear();
        Interlocked.Exchange(ref _refusals, 0);
    }

    /// <summary>The emails sent to <paramref name="address"/> so far.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. _received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Waits until <paramref name="count"/> emails have come to <paramref name="address"/> (or the time is up) and returns them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, int count = 1, TimeSpan? limit = null)
    {
        await Poll.UntilAsync(() => To(address).Count >= count, limit ?? TimeSpan.FromSeconds(30));
        return To(address);
    }

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _refusals) >= 0)
        {
            return new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 Try again later"); // 451
        }

        await using var stream = new MemoryStream(buffer.ToArray());
        _received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
        return SmtpResponse.Ok;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
