using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Notifications;

/// <summary>
/// What email a participant wants: a <c>level</c> for every agreement, another for some (<c>agreements</c>), the time zone
/// times are written in, and the language. Never set, it is <c>digest</c>, <c>UTC</c>, <c>en</c>.
/// </summary>
/// <param name="Level" example="digest">all: every email; digest: what is addressed to me at once, the rest in one email a day; mine: only what is addressed to me (my votes, replies to me, my proposals); none.</param>
/// <param name="TimeZone" example="Europe/Paris">An IANA time zone.</param>
/// <param name="Language" example="en">The language of emails: en.</param>
/// <param name="Agreements">Agreements whose level differs from <c>level</c>.</param>
public sealed record NotificationSettingsView(NotificationLevel Level, string TimeZone, string Language, IReadOnlyList<AgreementNotifications> Agreements)
{
    public static NotificationSettingsView From(NotificationSettings s) => new(s.Level, s.TimeZone, s.Language, s.Agreements);
}

/// <summary>The settings as a participant sends them: all of them, replacing what was there.</summary>
/// <param name="Level" example="digest">all, digest, mine or none.</param>
/// <param name="TimeZone" example="Europe/Paris">An IANA time zone.</param>
/// <param name="Language" example="en">The language of emails: en.</param>
/// <param name="Agreements">Agreements whose level differs from <c>level</c>; left out, none.</param>
public sealed record PutNotificationSettings(NotificationLevel? Level, string? TimeZone, string? Language, IReadOnlyList<AgreementNotifications>? Agreements);

public sealed class PutNotificationSettingsValidator : AbstractValidator<PutNotificationSettings>
{
    public PutNotificationSettingsValidator()
    {
        RuleFor(x => x.Level).NotNull();
        RuleFor(x => x.TimeZone).NotEmpty().MaximumLength(100)
            .Must(zone => zone is null || (TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) && found.HasIanaId))
            .WithMessage("'timeZone' must be an IANA time zone, such as 'Europe/Paris' or 'UTC'.");
        RuleFor(x => x.Language).NotEmpty()
            .Must(language => language is null || NotificationSettings.Languages.Contains(language))
            .WithMessage($"'language' must be one of: {string.Join(", ", NotificationSettings.Languages)}.");
        RuleFor(x => x.Agreements).Must(a => a is null || a.Count <= 1000).WithMessage("'agreements' may name at most 1000 agreements.")
            .Must(a => a is null || a.Select(x => x.AgreementId).Distinct().Count() == a.Count).WithMessage("'agreements' names an agreement twice.");
        RuleForEach(x => x.Agreements).ChildRules(a =>
        {
            a.RuleFor(x => x.AgreementId).NotEmpty();
            a.RuleFor(x => x.Level).NotNull();
        });
    }
}

public static class NotificationSettingsEndpoint
{
    public static ProblemDetails Validate(ClaimsPrincipal user) =>
        user.ParticipantId() is null
            ? Problems.Create(StatusCodes.Status403Forbidden, "Notification settings are a participant's; the administrator's token names no participant.")
            : WolverineContinue.NoProblems;

    /// <summary>The caller's notification settings: how much email, in which time zone and language.</summary>
    [WolverineGet("/me/notifications", OperationId = "getNotificationSettings")]
    public static async Task<NotificationSettingsView> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var id = user.ParticipantId()!.Value;
        return NotificationSettingsView.From(await session.LoadAsync<NotificationSettings>(id, ct) ?? NotificationSettings.Default(id));
    }
}

public static class PutNotificationSettingsEndpoint
{
    public static ProblemDetails Validate(ClaimsPrincipal user) => NotificationSettingsEndpoint.Validate(user);

    /// <summary>Replaces the caller's notification settings. Every email also carries a one-click link to stop that agreement's.</summary>
    [WolverinePut("/me/notifications", OperationId = "setNotificationSettings")]
    public static NotificationSettingsView Put(PutNotificationSettings body, ClaimsPrincipal user, IDocumentSession session)
    {
        var settings = new NotificationSettings(user.ParticipantId()!.Value, body.TimeZone!, body.Language!, body.Level!.Value, body.Agreements ?? []);
        session.Store(settings);
        return NotificationSettingsView.From(settings);
    }
}
