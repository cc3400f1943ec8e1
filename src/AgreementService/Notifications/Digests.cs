using System.Globalization;
using AgreementService.Mail;
using AgreementService.Participants;
using Marten;
using Wolverine;

namespace AgreementService.Notifications;

/// <summary>Something that happened, waiting for the participant's digest of that agreement and that day (their day, in their time zone).</summary>
public sealed record DigestEntry(Guid Id, Guid ParticipantId, Guid AgreementId, string Day, DateTimeOffset At, string Line, string Link);

/// <summary>The durable, scheduled request to send one participant the digest of one agreement for one day.</summary>
public sealed record SendDigest(Guid ParticipantId, Guid AgreementId, string Day);

/// <summary>
/// The daily digest: what a <c>digest</c> participant is not told at once is kept as an entry; the first entry of their
/// day schedules (durably) the digest for 08:00 the next morning in their time zone, which gathers the day's entries of
/// that agreement into one email. One digest per agreement, so that its unsubscribe link names one agreement.
/// </summary>
public static class Digests
{
    public static readonly TimeSpan SendAt = TimeSpan.FromHours(8);

    public static async Task GatherAsync(IDocumentSession session, OutgoingMessages messages, Guid id, Guid participantId, Guid agreementId,
        NotificationSettings settings, Notice notice, DateTimeOffset at, CancellationToken ct)
    {
        var day = settings.Day(at);
        var first = !await session.Query<DigestEntry>().AnyAsync(e => e.ParticipantId == participantId && e.AgreementId == agreementId && e.Day == day, ct);
        session.Store(new DigestEntry(id, participantId, agreementId, day, at, notice.Subject, notice.Action.Url));
        if (first)
        {
            // Two entries recorded at the same moment may both be "first": the digest is sent once all the same (its id names the day).
            messages.Add(new SendDigest(participantId, agreementId, day).ScheduledAt(NextMorning(day, settings.Zone)));
        }
    }

    /// <summary>08:00 of the day after <paramref name="day"/>, in the zone.</summary>
    public static DateTimeOffset NextMorning(string day, TimeZoneInfo zone)
    {
        var local = DateTime.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1) + SendAt;
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}

public static class SendDigestHandler
{
    /// <summary>One email with the day's entries, unless the participant has since chosen <c>none</c>; the entries are then forgotten.</summary>
    public static async Task<OutgoingMessages> Handle(SendDigest command, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, CancellationToken ct)
    {
        OutgoingMessages messages = [];
        var entries = await session.Query<DigestEntry>()
            .Where(e => e.ParticipantId == command.ParticipantId && e.AgreementId == command.AgreementId && e.Day == command.Day)
            .OrderBy(e => e.At).ToListAsync(ct);
        if (entries.Count == 0)
        {
            return messages;
        }

        foreach (var entry in entries)
        {
            session.Delete(entry);
        }

        var person = await session.LoadAsync<Participant>(command.ParticipantId, ct);
        var settings = await session.LoadAsync<NotificationSettings>(command.ParticipantId, ct) ?? NotificationSettings.Default(command.ParticipantId);
        if (person is null || settings.For(command.AgreementId) == NotificationLevel.None)
        {
            return messages;
        }

        var notifier = new Notifier(session, mail, tokens);
        var title = await notifier.AgreementTitleAsync(command.AgreementId, ct);
        var day = DateTime.ParseExact(command.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
        var notice = new Notice(EmailBody.Fill(Emails.DigestSubject, title, day),
            [EmailBody.Fill(Emails.DigestBody, title, day), string.Join("\n", entries.Select(e => EmailBody.Fill(Emails.DigestEntry, e.Line, e.Link)))],
            (Emails.ActionAgreement, notifier.Link($"/app/agreements/{command.AgreementId}")));
        messages.Add(await notifier.EmailAsync(Ids.Of("digest", command.ParticipantId, command.AgreementId, command.Day), person, command.AgreementId, notice, ct));
        return messages;
    }

}
