using System.Globalization;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Web;

/// <summary>
/// The agreement's text (any version, with the open proposals in each clause's margin), drafting a proposal on it, and the
/// public page of a public agreement for visitors. Reads and actions run the API's endpoints (<see cref="ApiCalls"/>).
/// </summary>
public static class AgreementPages
{
    public static void MapAgreementPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/app/agreements/{id:guid}", (Guid id, [FromQuery] string? version, [FromQuery] string? notice, HttpContext context, ApiCalls api) =>
            version is not null
                ? Task.FromResult(int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? Respond.SeeOther($"/app/agreements/{id}/versions/{number}")
                    : Configuration.NotFound(context))
                : AgreementAsync(id, null, notice, context, api));
        pages.MapGet("/app/agreements/{id:guid}/versions/{number:int}", (Guid id, int number, HttpContext context, ApiCalls api) =>
            AgreementAsync(id, number, null, context, api));
        pages.MapGet("/app/agreements/{id:guid}/draft", StartDraftAsync);
        pages.MapPost("/app/agreements/{id:guid}/draft", DraftAsync).RequireRateLimiting(RateLimits.Comparisons); // each step previews
        pages.MapGet("/app/public/{slug}", PublicAsync);
        pages.MapGet("/app/agreements/{id:guid}/versions/{number:int}/download/{format}", (Guid id, int number, string format, HttpContext context, ApiCalls api) =>
            Viewer.Of(context.User) is null ? Task.FromResult(Respond.SignInFirst(context, $"/app/agreements/{id}/versions/{number}"))
                : Configuration.DownloadAsync(context, api, $"/agreements/{id}/versions/{number}", format));
        pages.MapGet("/app/public/{slug}/versions/{number:int}/download/{format}", (string slug, int number, string format, HttpContext context, ApiCalls api) =>
            Configuration.DownloadAsync(context, api, $"/public/agreements/{Uri.EscapeDataString(slug)}/versions/{number}", format));
    }

    private static async Task<IResult> AgreementAsync(Guid id, int? number, string? notice, HttpContext context, ApiCalls api)
    {
        if (Viewer.Of(context.User) is not { } viewer)
        {
            return Respond.SignInFirst(context);
        }

        var current = await api.GetAsync<AgreementView>(context, $"/agreements/{id}");
        if (current.Value is not { } agreement)
        {
            return Configuration.NotFound(context, current.Problem?.Detail);
        }

        var shown = agreement;
        if (number is { } n && n != agreement.Version)
        {
            var version = await api.GetAsync<AgreementView>(context, $"/agreements/{id}/versions/{n}");
            if (version.Value is null)
            {
                return Configuration.NotFound(context, version.Problem?.Detail);
            }

            shown = version.Value;
        }

        var versions = await AllAsync<VersionSummary>(context, api, $"/agreements/{id}/versions?");

        // The margin: which open proposals (and those being voted on) touch each clause of the current text.
        var margin = new Dictionary<Guid, List<ProposalView>>();
        if (shown.Version == agreement.Version)
        {
            foreach (var status in new[] { "open", "voting" })
            {
                foreach (var proposal in await AllAsync<ProposalView>(context, api, $"/agreements/{id}/proposals?status={status}&"))
                {
                    foreach (var clause in proposal.Changes.SelectMany(OutlineEditor.References).Distinct())
                    {
                        (margin.TryGetValue(clause, out var list) ? list : margin[clause] = []).Add(proposal);
                    }
                }
            }
        }

        var role = await Configuration.RoleAsync(context, api, id);
        return Respond.Show<Pages.Agreement>(new
        {
            Viewer = viewer, Notice = notice, Text = shown, Current = agreement.Version, Versions = versions, Role = role,
            Margin = margin.ToDictionary(m => m.Key, m => (IReadOnlyList<ProposalView>)m.Value),
        });
    }

    /// <summary>Every item of a list the API gives a page at a time (<paramref name="query"/> ends in ? or &amp;).</summary>
    internal static async Task<List<T>> AllAsync<T>(HttpContext context, ApiCalls api, string query)
    {
        List<T> items = [];
        for (var page = 1; ; page++)
        {
            var listed = (await api.GetAsync<Paged<T>>(context, $"{query}pageSize={Paging.MaxPageSize}&page={page}")).Value!;
            items.AddRange(listed.Items);
            if (!listed.HasMore)
            {
                return items;
            }
        }
    }

    /// <summary>A new draft, on the current version; with <c>clause</c>, at the step that changes that clause.</summary>
    private static async Task<IResult> StartDraftAsync(Guid id, [FromQuery] Guid? clause, HttpContext context, ApiCalls api)
    {
        if (Viewer.Of(context.User) is not { } viewer)
        {
            return Respond.SignInFirst(context);
        }

        var current = await api.GetAsync<AgreementView>(context, $"/agreements/{id}");
        if (current.Value is not { } agreement)
        {
            return Configuration.NotFound(context, current.Problem?.Detail);
        }

        var draft = new DraftForm(agreement.Version, [], "", "");
        return ShowDraft(viewer, agreement, draft, agreement.Clauses, null, clause is { } c && DraftForm.Find(agreement.Clauses, c) is not null ? c : null, null);
    }

    /// <summary>
    /// Every step of drafting posts here with the draft so far: the button pressed says what to do (change a clause, take a
    /// change back, submit). Each change is checked at once by the API's preview, and its refusal shown where it was made.
    /// </summary>
    private static async Task<IResult> DraftAsync(Guid id, HttpContext context, ApiCalls api)
    {
        if (Viewer.Of(context.User) is not { } viewer)
        {
            return Respond.SignInFirst(context);
        }

        var current = await api.GetAsync<AgreementView>(context, $"/agreements/{id}");
        if (current.Value is not { } agreement)
        {
            return Configuration.NotFound(context, current.Problem?.Detail);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (DraftForm.Read(form) is not { } draft)
        {
            return ShowDraft(viewer, agreement, new DraftForm(agreement.Version, [], "", ""), agreement.Clauses, null, null,
                new Problem(StatusCodes.Status400BadRequest, Strings.Draft_Unreadable, Strings.Draft_Unreadable, new Dictionary<string, string[]>()));
        }

        var before = (await PreviewAsync(context, api, id, draft, agreement)).Preview.Clauses;
        var clauseId = Guid.TryParse(form["clauseId"], out var parsed) && DraftForm.Find(before, parsed) is not null ? parsed : (Guid?)null;
        var action = form["do"].ToString();
        if (form["drop"] is { Count: 1 } drop && int.TryParse(drop, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return await ShowPreviewAsync(context, api, viewer, agreement, draft.Without(index), null);
        }

        if (action == "submit")
        {
            var submitted = await api.PostAsync<ProposalView>(context, $"/agreements/{id}/proposals", draft.Submit);
            return submitted.Value is { } proposal
                ? Respond.SeeOther($"/app/proposals/{proposal.Id}", Strings.Draft_Submitted)
                : await ShowPreviewAsync(context, api, viewer, agreement, draft, submitted.Problem);
        }

        if (action == "edit" && Guid.TryParse(form["clause"], out var chosen) && DraftForm.Find(before, chosen) is not null)
        {
            return ShowDraft(viewer, agreement, draft, before, null, chosen, null);
        }

        if (clauseId is not { } target || Change(action, target, form, before) is not { } change)
        {
            return await ShowPreviewAsync(context, api, viewer, agreement, draft, null);
        }

        var changed = draft.With(change);
        var (after, problem) = await PreviewAsync(context, api, id, changed, agreement);
        return problem is null
            ? ShowDraft(viewer, agreement, changed, after.Clauses, after.Diff, null, null)
            : ShowDraft(viewer, agreement, draft, before, null, target, problem, form);
    }

    /// <summary>The change a clause's step asks for, from its fields; null for none.</summary>
    private static Change? Change(string action, Guid clause, IFormCollection form, IReadOnlyList<NumberedClause> text) => action switch
    {
        "amend" => new AmendClause(clause, form["heading"].ToString(), form["text"].ToString()),
        "remove" => new RemoveClause(clause),
        "add" => form["where"] == "in"
            ? new AddClause(Guid.CreateVersion7(), clause, null, form["newHeading"].ToString(), form["newText"].ToString())
            : new AddClause(Guid.CreateVersion7(), DraftForm.Place(text, clause)!.Value.Parent, clause, form["newHeading"].ToString(), form["newText"].ToString()),
        "move" => form["destination"].ToString() is var destination && destination == "top" ? new MoveClause(clause, null, null)
            : destination.StartsWith("in:", StringComparison.Ordinal) && Guid.TryParse(destination[3..], out var parent) ? new MoveClause(clause, parent, null)
            : destination.StartsWith("after:", StringComparison.Ordinal) && Guid.TryParse(destination[6..], out var after) && DraftForm.Place(text, after) is { } place
                ? new MoveClause(clause, place.Parent, after)
            : null,
        _ => null,
    };

    /// <summary>The text as the draft would make it (the current text while it has no changes), and the API's refusal if any.</summary>
    private static async Task<(DraftPreview Preview, Problem? Problem)> PreviewAsync(HttpContext context, ApiCalls api, Guid id, DraftForm draft, AgreementView agreement)
    {
        var unchanged = new DraftPreview(id, agreement.Version, null, agreement.Clauses, new AgreementDiff(agreement.Version, agreement.Version, []));
        if (draft.Changes.Count == 0)
        {
            return (unchanged, null);
        }

        var answer = await api.PostAsync<DraftPreview>(context, $"/agreements/{id}/proposals/preview", draft.Preview);
        return (answer.Value ?? unchanged, answer.Problem);
    }

    private static async Task<IResult> ShowPreviewAsync(HttpContext context, ApiCalls api, Viewer viewer, AgreementView agreement, DraftForm draft, Problem? problem)
    {
        var (preview, refused) = await PreviewAsync(context, api, agreement.Id, draft, agreement);
        return ShowDraft(viewer, agreement, draft, preview.Clauses, draft.Changes.Count == 0 ? null : preview.Diff, null, problem ?? refused);
    }

    private static IResult ShowDraft(Viewer viewer, AgreementView agreement, DraftForm draft, IReadOnlyList<NumberedClause> result, AgreementDiff? diff,
        Guid? clause, Problem? problem, IFormCollection? typed = null) =>
        Respond.Show<Pages.ProposeChange>(new
        {
            Viewer = viewer, Agreement = agreement, Draft = draft, Result = result, Diff = diff, Clause = clause, Problem = problem,
            Typed = typed?.ToDictionary(f => f.Key, f => f.Value.ToString()) ?? [],
        }, problem?.Status ?? StatusCodes.Status200OK);

    /// <summary>A public agreement for visitors: the current text or, with <c>?version=</c>, an earlier one. Anything else is not found.</summary>
    private static async Task<IResult> PublicAsync(string slug, [FromQuery] string? version, HttpContext context, ApiCalls api)
    {
        var current = await api.GetAsync<AgreementView>(context, $"/public/agreements/{Uri.EscapeDataString(slug)}");
        if (current.Value is not { } agreement)
        {
            return Configuration.NotFound(context);
        }

        var shown = agreement;
        if (version is not null)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || (await api.GetAsync<AgreementView>(context, $"/public/agreements/{Uri.EscapeDataString(slug)}/versions/{number}")).Value is not { } earlier)
            {
                return Configuration.NotFound(context);
            }

            shown = earlier;
        }

        return Respond.Show<Pages.PublicAgreement>(new { Viewer = Viewer.Of(context.User), Text = shown, Current = agreement.Version });
    }
}
