using System.Globalization;
using AgreementService.Access;

namespace AgreementService.Web;

/// <summary>Values put into words for the pages, from <see cref="Strings"/>: roles, moments in the reader's time zone.</summary>
public static class Text
{
    public static string Role(AgreementRole role) => Named("Role_" + role.ToString().ToLowerInvariant());

    /// <summary>A string of <see cref="Strings"/> by name (for names made of a value: "Role_member").</summary>
    public static string Named(string name) => Strings.ResourceManager.GetString(name, Strings.Culture) ?? name;

    public static TimeZoneInfo Zone(string? ianaId) => ianaId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"Wednesday 9 December 2026, 18:00 (Europe/Paris)".</summary>
    public static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        string.Format(CultureInfo.InvariantCulture, Strings.AtInZone,
            TimeZoneInfo.ConvertTime(at, zone).ToString("dddd d MMMM yyyy, HH:mm", Strings.Culture ?? CultureInfo.InvariantCulture), zone.Id);

    /// <summary>"in 3 days", "in 5 hours", "2 days ago": how far a moment is from now.</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var magnitude = span.Duration();
        var amount = magnitude.TotalDays >= 2 ? string.Format(CultureInfo.InvariantCulture, Strings.Days, (int)magnitude.TotalDays)
            : magnitude.TotalHours >= 2 ? string.Format(CultureInfo.InvariantCulture, Strings.Hours, (int)magnitude.TotalHours)
            : string.Format(CultureInfo.InvariantCulture, Strings.Minutes, Math.Max(1, (int)magnitude.TotalMinutes));
        return string.Format(CultureInfo.InvariantCulture, span >= TimeSpan.Zero ? Strings.InFuture : Strings.InPast, amount);
    }
}
