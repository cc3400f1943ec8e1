using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Mail;
using AgreementService.Participants;
using Marten;
using Wolverine;

namespace AgreementService.Notifications;

/// <summary>Someone to tell, and whether it is addressed to them (their vote, their proposal, a reply to them) or news of the agreement.</summary>
public sealed record Recipient(Guid ParticipantId, bool Personal);

/// <summary>A participant about to be told, with their settings (for the time zone).</summary>
public sealed record Reader(Participant Person, NotificationSettings Settings);

/// <summary>What an email says: its subject, paragraphs, the one link, and any files.</summary>
public sealed record Notice(string Subject, IReadOnlyList<string> Paragraphs, (string Label, string Url) Action, IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>
/// Turns one recorded fact into emails, each person's settings deciding: <c>none</c> nothing; <c>mine</c> only what is
/// addressed to them; <c>digest</c> what is addressed to them at once and the rest into the day's digest; <c>all</c>
/// everything at once. The person who did the act is never told of it. Every email's id is derived from what it is
/// about and to whom, so the same fact handled twice (a redelivery) sends nothing twice. Made by each handler around
/// its own session, so the digest entries it stores commit with the handler's transaction.
/// </summary>
public sealed class Notifier(IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens)
{
    public async Task<OutgoingMessages> NotifyAsync(Guid agreementId, string about, string? by, IEnumerable<Recipient> recipients, DateTimeOffset at,
        Func<Reader, Notice> compose, CancellationToken ct)
    {
        OutgoingMessages messages = [];
        var actor = by is null ? null : Person.IdIn(by);
        var whom = recipients.Where(r => r.ParticipantId != actor)
            .GroupBy(r => r.ParticipantId).Select(g => new Recipient(g.Key, g.Any(r => r.Personal))).ToList();
        if (whom.Count == 0)
        {
            return messages;
        }

        var people = (await session.LoadManyAsync<Participant>(ct, whom.Select(r => r.ParticipantId))).ToDictionary(p => p.Id);
        var settings = (await session.LoadManyAsync<NotificationSettings>(ct, whom.Select(r => r.ParticipantId))).ToDictionary(s => s.Id);
        foreach (var recipient in whom)
        {
            if (!people.TryGetValue(recipient.ParticipantId, out var person))
            {
                continue;
            }

            var mine = settings.GetValueOrDefault(person.Id) ?? NotificationSettings.Default(person.Id);
            var level = mine.For(agreementId);
            var notice = compose(new Reader(person, mine));
            var id = Ids.Of(about, person.Id);
            if (level == NotificationLevel.All || (recipient.Personal && level is NotificationLevel.Digest or NotificationLevel.Mine))
            {
                messages.Add(await EmailAsync(id, person, agreementId, notice, ct));
            }
            else if (level == NotificationLevel.Digest)
            {
                await Digests.GatherAsync(session, messages, id, person.Id, agreementId, mine, notice, at, ct);
            }
        }

        return messages;
    }

    /// <summary>An email to one person about one agreement, with its one-click unsubscribe.</summary>
    public async Task<SendEmail> EmailAsync(Guid id, Participant person, Guid agreementId, Notice notice, CancellationToken ct)
    {
        var unsubscribe = mail.Link($"/unsubscribe/{await tokens.ForAsync(person.Id, agreementId, ct)}");
        var (text, html) = EmailBody.Of([EmailBody.Fill(Emails.Greeting, person.Name), .. notice.Paragraphs], notice.Action,
            EmailBody.Fill(Emails.NotificationFooter, unsubscribe));
        return new SendEmail(id, person.Email, person.Name, notice.Subject, text, html, unsubscribe, notice.Attachments);
    }

    public string Link(string path) => mail.Link(path);

    /// <summary>Who belongs to the agreement (any role).</summary>
    public async Task<IReadOnlyList<Guid>> MembersAsync(Guid agreementId, CancellationToken ct) =>
        await session.Query<AgreementMembership>().Where(m => m.AgreementId == agreementId).Select(m => m.ParticipantId).ToListAsync(ct);

    public async Task<string> AgreementTitleAsync(Guid agreementId, CancellationToken ct) => (await session.LoadAsync<Agreement>(agreementId, ct))?.Title ?? "";
}

/// <summary>Ids derived from what they name: the same words give the same id (a SHA-256 of them, shaped as a GUID).</summary>
public static class Ids
{
    public static Guid Of(params object[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('/', parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)))));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: custom
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

/// <summary>The secret unsubscribe links are signed with: <c>Agreements:Notifications:UnsubscribeKey</c>, else one made once and kept in the database.</summary>
public sealed record UnsubscribeKey(string Id, string Key);

/// <summary>
/// One-click unsubscribe links name a participant and an agreement and carry an HMAC-SHA256 of both, so that they need
/// no sign-in, cannot be forged for someone else, and need nothing stored per email.
/// </summary>
public sealed class UnsubscribeTokens(IDocumentStore store, IConfiguration configuration)
{
    private byte[]? _key;

    public async Task<string> ForAsync(Guid participantId, Guid agreementId, CancellationToken ct)
    {
        var named = Named(participantId, agreementId);
        return Base64Url.EncodeToString([.. named, .. HMACSHA256.HashData(await KeyAsync(ct), named).AsSpan(0, 16)]);
    }

    /// <summary>The participant and agreement a token names, when it is genuine.</summary>
    public async Task<(Guid ParticipantId, Guid AgreementId)?> ReadAsync(string token, CancellationToken ct)
    {
        var bytes = new byte[48];
        if (token.Length != 64 || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != bytes.Length)
        {
            return null;
        }

        var mac = HMACSHA256.HashData(await KeyAsync(ct), bytes.AsSpan(0, 32)).AsSpan(0, 16);
        return CryptographicOperations.FixedTimeEquals(mac, bytes.AsSpan(32))
            ? (new Guid(bytes.AsSpan(0, 16), bigEndian: true), new Guid(bytes.AsSpan(16, 16), bigEndian: true))
            : null;
    }

    private static byte[] Named(Guid participantId, Guid agreementId) => [.. participantId.ToByteArray(bigEndian: true), .. agreementId.ToByteArray(bigEndian: true)];

    private async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        if (_key is not null)
        {
            return _key;
        }

        if (configuration["Agreements:Notifications:UnsubscribeKey"] is { Length: > 0 } configured)
        {
            return _key = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        }

        const string id = "unsubscribe";
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<UnsubscribeKey>(id, ct) is { } kept)
            {
                return _key = Convert.FromBase64String(kept.Key);
            }
        }

        try
        {
            await using var session = store.LightweightSession();
            session.Insert(new UnsubscribeKey(id, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is JasperFx.DocumentAlreadyExistsException or Marten.Exceptions.MartenCommandException)
        {
            // Another node made it first: theirs is the key.
        }

        await using var again = store.QuerySession();
        return _key = Convert.FromBase64String((await again.LoadAsync<UnsubscribeKey>(id, ct))!.Key);
    }
}
