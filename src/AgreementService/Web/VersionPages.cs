using AgreementService.Activity;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Publishing;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Web;

/// <summary>
/// An agreement's past: its versions, the difference between any two, one clause's history, and the audit trail. Each
/// reads the API's own answer; a refusal of what the reader asked to compare or page is shown in the API's words.
/// </summary>
public static class VersionPages
{
    public static void MapVersionPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/app/agreements/{id:guid}/versions", VersionsAsync);
        pages.MapGet("/app/agreements/{id:guid}/diff", DiffAsync).RequireRateLimiting(RateLimits.Comparisons);
        pages.MapGet("/app/agreements/{id:guid}/clauses/{clauseId:guid}", ClauseHistoryAsync).RequireRateLimiting(RateLimits.Comparisons);
        pages.MapGet("/app/agreements/{id:guid}/activity", ActivityAsync);
    }

    private static async Task<IResult> VersionsAsync(Guid id, HttpContext context, ApiCalls api)
    {
        if (Viewer.Of(context.User) is not { } viewer)
        {
            return Respond.SignInFirst(context);
        }

        if ((await api.GetAsync<AgreementView>(context, $"/agreements/{id}")).Value is not { } agreement)
        {
            return Configuration.NotFound(context);
        }

        var versions = await AgreementPages.AllAsync<VersionSummary>(context, api, $"/agreements/{id}/versions?");
        return Respond.Show<Pages.VersionList>(new
        {
            Viewer = viewer, Agreement = agreement, All = versions, Zone = await Configuration.ZoneAsync(context, api),
        });
    }

    private static async Task<IResult> DiffAsync(Guid id, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? view, HttpContext context, ApiCalls api)
    {
        if (Viewer.Of(context.User) is not { } viewer)
        {
            return Respond.SignInFirst(context);
        }

        if ((await api.GetAsync<AgreementView>(context, $"/agreements/{id}")).Value is not { } agreement)
        {
            return Configuration.NotFound(context);
        }

        var full = view == "full";
        var diff = await api.GetAsync<AgreementDiff>(context, $"/agreements/{id}/diff{Query(("from", from), ("to", to))}");
        if (diff.Value is not { } changes)
        {
            return Respond.Show<Pages.VersionDiff>(new { Viewer = viewer, Agreement = agreement, From = from, To = to, Full = full, diff.Problem }, diff.Status);
        }

        var outline = full ? (await api.GetAsync<AgreementView>(context, $"/agreements/{id}/versions/{changes.To}")).Value?.Clauses : null;
        return Respond.Show<Pages.VersionDiff>(new
        {
            Viewer = viewer, Agreement = agreement, From = changes.From.ToString(System.Globalization.CultureInfo.InvariantCulture),
            To = changes.To.ToString(System.Globalization.CultureInfo.InvariantCulture), Full = full, Diff = changes, Outline = outline,
        });
    }

    private static async Task<IResult> ClauseHistoryAsync(Guid id, Guid clauseId, HttpContext context, ApiCalls api)
    {
        if (Viewer.Of(context.User) is not { } viewer)
        {
            return Respond.SignInFirst(context);
        }

        if ((await api.GetAsync<AgreementView>(context, $"/agreements/{id}")).Value is not { } agreement
            || (await api.GetAsync<List<ClauseHistoryEntry>>(context, $"/agreements/{id}/clauses/{clauseId}/history")) is not { Value: { } history })
        {
            return Configuration.NotFound(context);
        }

        return Respond.Show<Pages.ClauseHistory>(new
        {
            Viewer = viewer, Agreement = agreement, History = history, Zone = await Configuration.ZoneAsync(context, api),
        });
    }

    private static async Task<IResult> ActivityAsync(Guid id, [FromQuery] string? page, HttpContext context, ApiCalls api)
    {
        if (Viewer.Of(context.User) is not { } viewer)
        {
            return Respond.SignInFirst(context);
        }

        if ((await api.GetAsync<AgreementView>(context, $"/agreements/{id}")).Value is not { } agreement)
        {
            return Configuration.NotFound(context);
        }

        var activity = await api.GetAsync<Paged<ActivityView>>(context, $"/agreements/{id}/activity{Query(("page", page))}");
        return Respond.Show<Pages.ActivityTrail>(new
        {
            Viewer = viewer, Agreement = agreement, Activity = activity.Value, activity.Problem, Zone = await Configuration.ZoneAsync(context, api),
        }, activity.Status);
    }

    /// <summary>The reader's values passed on to the API as they were typed: the API says what it makes of them.</summary>
    private static string Query(params (string Name, string? Value)[] values)
    {
        var given = values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => v.Name + "=" + Uri.EscapeDataString(v.Value!)).ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given);
    }
}
