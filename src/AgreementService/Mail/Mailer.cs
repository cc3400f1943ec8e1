using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Marten;
using MimeKit;
using Wolverine;
using Wolverine.ErrorHandling;

namespace AgreementService.Mail;

/// <summary>
/// Where email goes: <c>Agreements:Smtp:Host</c>, <c>Port</c>, <c>UseTls</c>, <c>User</c>, <c>Password</c> and
/// <c>Sender</c> name an SMTP server; with no host (the <c>dotnet run</c> default) each email is written as an .eml file
/// into <c>Agreements:Smtp:Folder</c> (by default <c>mail</c> beside the embedded database's folder: <c>.data/mail</c>). <c>Agreements:PublicUrl</c> is
/// the address people reach the service at, which links in emails begin with.
/// </summary>
public sealed record MailSettings(string? Host, int Port, bool UseTls, string? User, string? Password, string Sender, string Folder, Uri PublicUrl)
{
    public static MailSettings From(IConfiguration configuration)
    {
        var smtp = configuration.GetSection("Agreements:Smtp");
        var useTls = smtp.GetValue("UseTls", false);
        return new MailSettings(
            string.IsNullOrWhiteSpace(smtp["Host"]) ? null : smtp["Host"],
            smtp.GetValue("Port", useTls ? 465 : 25),
            useTls,
            smtp["User"],
            smtp["Password"],
            smtp["Sender"] ?? "Community Agreement <agreements@localhost>",
            Path.GetFullPath(smtp["Folder"]
                ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configuration["Agreements:DataDirectory"] ?? Path.Combine(".data", "postgres")))!, "mail")),
            new Uri(configuration["Agreements:PublicUrl"] ?? "http://localhost:5000"));
    }

    /// <summary>An absolute link to <paramref name="path"/> ("/sign-in/…") on the service as people reach it.</summary>
    public string Link(string path) => new Uri(PublicUrl, path).ToString();
}

/// <summary>An email sent once: its id is recorded in the transaction that follows the sending.</summary>
public sealed record SentEmail(Guid Id, string To, string Subject, DateTimeOffset SentAt);

public static class SendEmailHandler
{
    /// <summary>
    /// Sends the email unless its id was sent before (a redelivery after a crash between sending and recording). SMTP
    /// failures throw, and the retry policy tries again later, durably.
    /// </summary>
    public static async Task Handle(SendEmail email, IDocumentSession session, MailSettings settings, TimeProvider clock, ILogger<SentEmail> logger, CancellationToken ct)
    {
        if (await session.LoadAsync<SentEmail>(email.Id, ct) is not null)
        {
            return;
        }

        using var message = Message(email, settings);
        if (settings.Host is null)
        {
            Directory.CreateDirectory(settings.Folder);
            var file = Path.Combine(settings.Folder, $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{email.Id}.eml");
            await message.WriteToAsync(file, ct);
            logger.LogInformation("Email \"{Subject}\" to {To} written to {File} (no SMTP server is configured: Agreements:Smtp:Host)", email.Subject, email.To, file);
        }
        else
        {
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync(settings.Host, settings.Port,
                settings.UseTls ? (settings.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls) : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await smtp.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
            }

            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(quit: true, ct);
        }

        session.Store(new SentEmail(email.Id, email.To, email.Subject, clock.GetUtcNow()));
    }

    internal static MimeMessage Message(SendEmail email, MailSettings settings)
    {
        var sender = MailboxAddress.Parse(settings.Sender);
        var message = new MimeMessage
        {
            Subject = email.Subject,
            MessageId = $"{email.Id}@{sender.Domain}",
        };
        message.From.Add(sender);
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Headers.Add("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation replies
        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"); // RFC 8058
        }

        var body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html };
        foreach (var attachment in email.Attachments ?? [])
        {
            body.Attachments.Add(attachment.FileName, System.Text.Encoding.UTF8.GetBytes(attachment.Content), ContentType.Parse(attachment.MediaType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}

public static class Configuration
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(MailSettings.From(configuration));
        services.ConfigureWolverine(opts =>
            // A server that refuses or cannot be reached is tried again: soon, then less often, for as long as it takes.
            opts.OnException<IOException>().Or<SmtpCommandException>().Or<SmtpProtocolException>().Or<System.Net.Sockets.SocketException>()
                .Or<ServiceNotConnectedException>().Or<ServiceNotAuthenticatedException>().Or<AuthenticationException>()
                .ScheduleRetryIndefinitely(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5),
                    TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)));
        return services;
    }
}
