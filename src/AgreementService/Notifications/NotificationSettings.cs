using System.Globalization;

namespace AgreementService.Notifications;

/// <summary>How much email a participant wants from an agreement.</summary>
public enum NotificationLevel
{
    /// <summary>Every email, as it happens.</summary>
    All,

    /// <summary>What is addressed to me at once (my votes, reminders, replies to me, my proposals); the rest gathered into one email a day.</summary>
    Digest,

    /// <summary>Only what is addressed to me: my votes and their reminders, replies to me, my proposals, my role.</summary>
    Mine,

    /// <summary>No email at all.</summary>
    None,
}

/// <summary>One agreement's level, where it differs from the participant's <c>level</c>.</summary>
/// <param name="AgreementId">The agreement.</param>
/// <param name="Level" example="mine">How much email it sends.</param>
public sealed record AgreementNotifications(Guid AgreementId, NotificationLevel? Level);

/// <summary>
/// A participant's notification settings, a document of its own keyed by the participant's id (the participant record
/// is not touched). A participant who never set them has <see cref="Default"/>: a daily digest, UTC, English — so that
/// nobody is flooded by default, and what needs them (a vote they may cast, a reply to them) still comes at once.
/// </summary>
public sealed record NotificationSettings(Guid Id, string TimeZone, string Language, NotificationLevel Level, IReadOnlyList<AgreementNotifications> Agreements)
{
    public const NotificationLevel DefaultLevel = NotificationLevel.Digest;

    /// <summary>The languages emails are written in (Mail/Emails.resx and its translations).</summary>
    public static readonly IReadOnlyList<string> Languages = ["en"];

    public static NotificationSettings Default(Guid participantId) => new(participantId, "UTC", "en", DefaultLevel, []);

    /// <summary>The level for one agreement: its own, else the participant's.</summary>
    public NotificationLevel For(Guid agreementId) => Agreements.FirstOrDefault(a => a.AgreementId == agreementId)?.Level ?? Level;

    public NotificationSettings With(Guid agreementId, NotificationLevel level) =>
        this with { Agreements = [.. Agreements.Where(a => a.AgreementId != agreementId), new AgreementNotifications(agreementId, level)] };

    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>A moment as the participant reads it: "Wednesday 9 December 2026, 18:00 (Europe/Paris)".</summary>
    public string Local(DateTimeOffset at) =>
        Mail.EmailBody.Fill(Mail.Emails.DeadlineAt,
            TimeZoneInfo.ConvertTime(at, Zone).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture), TimeZone);

    /// <summary>The day a moment falls on for the participant, "2026-12-09".</summary>
    public string Day(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
