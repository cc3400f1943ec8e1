using System.Globalization;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Notifications;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Web;

/// <summary>My settings: how much email, in which time zone and language (overall and per agreement), and my signed-in browsers.</summary>
public static class SettingsPages
{
    public const string AgreementField = "agreement-";

    public static void MapSettingsPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/app/me", (HttpContext context, ApiCalls api, [FromQuery] string? notice) =>
            Respond.SignedInAsync(context, viewer => ShowAsync(context, api, viewer, notice, null, null)));

        pages.MapPost("/app/me/notifications", (HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var agreements = form.Keys.Where(k => k.StartsWith(AgreementField, StringComparison.Ordinal))
                    .Select(k => (Id: Guid.TryParse(k[AgreementField.Length..], out var id) ? id : Guid.Empty, Level: ManagePages.Parse<NotificationLevel>(form[k])))
                    .Where(a => a.Id != Guid.Empty && a.Level is not null)
                    .Select(a => new AgreementNotifications(a.Id, a.Level))
                    .ToList();
                var answer = await api.PutAsync<NotificationSettingsView>(context, "/me/notifications", new PutNotificationSettings(
                    ManagePages.Parse<NotificationLevel>(form["level"]), form["timeZone"].ToString(), form["language"].ToString(), agreements));
                return answer.Succeeded
                    ? Respond.SeeOther("/app/me", Strings.Settings_Saved)
                    : await ShowAsync(context, api, viewer, null, answer.Problem, form);
            }));

        pages.MapPost("/app/me/sessions/{sessionId:guid}/end", (Guid sessionId, HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var current = (await api.GetAsync<IReadOnlyList<SessionView>>(context, "/me/sessions")).Value?.Any(s => s.Id == sessionId && s.Current) == true;
                var answer = await api.DeleteAsync<object>(context, $"/me/sessions/{sessionId}");
                return !answer.Succeeded ? Configuration.Refusal(context, answer.Problem!)
                    : current ? Respond.SeeOther("/app/sign-in")
                    : Respond.SeeOther("/app/me#sessions", Strings.Settings_SessionEnded);
            }));

        pages.MapPost("/app/me/sessions/end-all", (HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var answer = await api.DeleteAsync<object>(context, "/me/sessions");
                return answer.Succeeded ? Respond.SeeOther("/app/sign-in") : Configuration.Refusal(context, answer.Problem!);
            }));
    }

    private static async Task<IResult> ShowAsync(HttpContext context, ApiCalls api, Viewer viewer, string? notice, Problem? problem, IFormCollection? typed)
    {
        var settings = await api.GetAsync<NotificationSettingsView>(context, "/me/notifications");
        if (settings.Problem is { } refused)
        {
            return Configuration.Refusal(context, refused);
        }

        return Respond.Show<Pages.Settings>(new
        {
            Viewer = viewer,
            Notice = notice,
            Preferences = settings.Value!,
            Agreements = (await api.GetAsync<Paged<AgreementSummary>>(context, $"/agreements?pageSize={Paging.MaxPageSize}")).Value!.Items,
            Sessions = (await api.GetAsync<IReadOnlyList<SessionView>>(context, "/me/sessions")).Value!,
            Zone = Text.Zone(settings.Value!.TimeZone),
            Problem = problem,
            Typed = typed,
        }, problem?.Status ?? StatusCodes.Status200OK);
    }

    /// <summary>The time zones a person can choose: the IANA zones this machine knows, by name.</summary>
    public static IReadOnlyList<TimeZoneInfo> Zones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Where(z => z.HasIanaId)
        .Append(TimeZoneInfo.Utc)
        .DistinctBy(z => z.Id)
        .OrderBy(z => z.Id, StringComparer.Ordinal)
        .ToList();

    /// <summary>"Europe/Paris (UTC+01:00)": a zone with its offset now.</summary>
    public static string ZoneName(TimeZoneInfo zone, DateTimeOffset now)
    {
        var offset = zone.GetUtcOffset(now);
        return string.Format(CultureInfo.InvariantCulture, "{0} (UTC{1}{2:hh\\:mm})", zone.Id, offset < TimeSpan.Zero ? "−" : "+", offset.Duration());
    }

    /// <summary>"Firefox on Linux": a browser as its User-Agent names it, in the few words a person recognises (null when it named none we know).</summary>
    public static string? Browser(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        string? Find(params (string Token, string Name)[] known) => known.FirstOrDefault(k => userAgent.Contains(k.Token, StringComparison.OrdinalIgnoreCase)).Name;
        var browser = Find(("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"), ("Safari/", "Safari"));
        var system = Find(("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"));
        return (browser, system) switch
        {
            (null, _) => null,
            (_, null) => browser,
            _ => string.Format(CultureInfo.InvariantCulture, Strings.Settings_BrowserOn, browser, system),
        };
    }
}
