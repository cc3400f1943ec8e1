using System.Globalization;
using AgreementService.Agreements;
using AgreementService.Comments;
using AgreementService.Infrastructure;
using AgreementService.Notifications;
using AgreementService.Proposals;
using AgreementService.Votes;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Web;

/// <summary>
/// A proposal's page (/app/proposals/{id}): what it changes, its discussion, its revisions and its vote, with the forms that
/// act on them. Every form posts here and runs the API's endpoint; a refusal re-renders the page with the API's words
/// beside the field and what was typed.
/// </summary>
public static class ProposalPages
{
    public static void MapProposalPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/app/proposals/{id:guid}", (Guid id, HttpContext context, ApiCalls api, [FromQuery] string? view, [FromQuery] int? revision,
            [FromQuery] string? notice) => ShowAsync(context, api, id, new Shown(view == "full", revision, notice, null), StatusCodes.Status200OK))
            .RequireRateLimiting(RateLimits.Comparisons); // its diffs are the API's costliest reads, limited as they are there

        pages.MapPost("/app/proposals/{id:guid}/comments", (Guid id, HttpContext context, ApiCalls api) =>
            ActAsync(context, api, id, "discussion", async (form, _) =>
            {
                var replyTo = Guid.TryParse(form["replyTo"], out var parent) ? parent : (Guid?)null;
                var clauseId = Guid.TryParse(form["clauseId"], out var clause) ? clause : (Guid?)null;
                var quote = form["quote"].ToString() is { Length: > 0 } q ? q : null;
                var answer = await api.PostAsync<CommentView>(context, $"/proposals/{id}/comments", new PostComment(form["body"].ToString(), replyTo, clauseId, quote));
                return (answer.Problem, replyTo is { } r ? "reply-" + r : "comment", Strings.Comment_Posted);
            }));

        pages.MapPost("/app/proposals/{id:guid}/comments/{commentId:guid}/edit", (Guid id, Guid commentId, HttpContext context, ApiCalls api) =>
            ActAsync(context, api, id, "comment-" + commentId, async (form, _) =>
                ((await api.PutAsync<CommentView>(context, $"/comments/{commentId}", new EditComment(form["body"].ToString()))).Problem, "edit-" + commentId,
                    Strings.Comment_Edited)));

        pages.MapPost("/app/proposals/{id:guid}/comments/{commentId:guid}/hide", (Guid id, Guid commentId, HttpContext context, ApiCalls api) =>
            ActAsync(context, api, id, "comment-" + commentId, async (form, _) =>
                ((await api.PostAsync<CommentView>(context, $"/comments/{commentId}/hide", new HideComment(form["reason"].ToString()))).Problem, "hide-" + commentId,
                    Strings.Comment_Hidden)));

        pages.MapPost("/app/proposals/{id:guid}/revisions", (Guid id, HttpContext context, ApiCalls api) =>
            ActAsync(context, api, id, "revisions", async (form, proposal) =>
                ((await api.PostAsync<ProposalView>(context, $"/proposals/{id}/revisions", await RevisionAsync(context, api, proposal, form))).Problem, "revise",
                    Strings.Proposal_Revised)));

        pages.MapGet("/app/proposals/{id:guid}/download/{format}", (Guid id, string format, HttpContext context, ApiCalls api) =>
            Viewer.Of(context.User) is null ? Task.FromResult(Respond.SignInFirst(context, $"/app/proposals/{id}"))
                : Configuration.DownloadAsync(context, api, $"/proposals/{id}/document", format)).RequireRateLimiting(RateLimits.Comparisons);
        pages.MapGet("/app/proposals/{id:guid}/withdraw", async (Guid id, HttpContext context, ApiCalls api) =>
            Viewer.Of(context.User) is not { } viewer ? Respond.SignInFirst(context)
            : await api.GetAsync<ProposalView>(context, $"/proposals/{id}") is { Value: { } proposal }
                ? Respond.Show<Pages.WithdrawProposal>(new { Viewer = viewer, Proposal = proposal })
                : Configuration.NotFound(context));

        pages.MapPost("/app/proposals/{id:guid}/withdraw", async (Guid id, HttpContext context, ApiCalls api) =>
        {
            if (Viewer.Of(context.User) is not { } viewer)
            {
                return Respond.SignInFirst(context);
            }

            var answer = await api.PostAsync<ProposalView>(context, $"/proposals/{id}/withdraw", null);
            return answer.Succeeded ? Respond.SeeOther($"/app/proposals/{id}", Strings.Proposal_Withdrawn)
                : await api.GetAsync<ProposalView>(context, $"/proposals/{id}") is { Value: { } proposal }
                    ? Respond.Show<Pages.WithdrawProposal>(new { Viewer = viewer, Proposal = proposal, answer.Problem }, answer.Status)
                    : Configuration.NotFound(context);
        });

        pages.MapPost("/app/proposals/{id:guid}/vote", (Guid id, HttpContext context, ApiCalls api) =>
            ActAsync(context, api, id, "vote", async (form, _) =>
            {
                if (!LocalMoment(form["closesAt"], await Configuration.ZoneAsync(context, api), out var closesAt))
                {
                    return (new Problem(StatusCodes.Status400BadRequest, "", null, new Dictionary<string, string[]> { ["closesAt"] = [Strings.Vote_ClosesAtUnreadable] }),
                        "call", "");
                }

                return ((await api.PostAsync<VoteCalledView>(context, $"/proposals/{id}/votes", new CallVote(closesAt))).Problem, "call", Strings.Vote_Called);
            }));

        pages.MapPost("/app/proposals/{id:guid}/ballot", (Guid id, HttpContext context, ApiCalls api) =>
            ActAsync(context, api, id, "vote", async (form, proposal) =>
            {
                var choice = Enum.TryParse<Choice>(form["choice"], ignoreCase: true, out var chosen) && Enum.IsDefined(chosen) ? chosen : (Choice?)null;
                var answer = await api.PutAsync<BallotView>(context, $"/votes/{proposal.VoteId}/ballot", new CastBallot(choice, form["reason"].ToString()));
                return (answer.Problem, "ballot", answer.Value is { } ballot ? string.Format(CultureInfo.InvariantCulture, Strings.Vote_Recorded, ChoiceWord(ballot.Choice)) : "");
            }));

        pages.MapPost("/app/proposals/{id:guid}/vote/close", (Guid id, HttpContext context, ApiCalls api) =>
            ActAsync(context, api, id, "vote", async (_, proposal) =>
                ((await api.PostAsync<TallyResult>(context, $"/votes/{proposal.VoteId}/close", null)).Problem, "close", Strings.Vote_Closed)));

        pages.MapPost("/app/proposals/{id:guid}/vote/cancel", (Guid id, HttpContext context, ApiCalls api) =>
            ActAsync(context, api, id, "vote", async (form, proposal) =>
                ((await api.PostAsync<VoteView>(context, $"/votes/{proposal.VoteId}/cancel", new CancelVote(form["reason"].ToString()))).Problem, "cancel",
                    Strings.Vote_Cancelled)));

        pages.MapPost("/app/proposals/{id:guid}/vote/reminders", (Guid id, HttpContext context, ApiCalls api) =>
            ActAsync(context, api, id, "vote", async (_, proposal) =>
            {
                var answer = await api.PostAsync<RemindersSent>(context, $"/votes/{proposal.VoteId}/reminders", null);
                return (answer.Problem, "remind", string.Format(CultureInfo.InvariantCulture, Strings.Vote_Reminded, answer.Value?.Reminded ?? 0));
            }));
    }

    /// <summary>How the page is shown: in full or only the changes, which revision's changes, the notice, and a form the API refused.</summary>
    public sealed record Shown(bool Full, int? Revision, string? Notice, Refused? Refused);

    /// <summary>A form the API refused: which one, what was typed in it, and the API's problem.</summary>
    public sealed record Refused(string Form, IReadOnlyDictionary<string, string> Values, Problem Problem)
    {
        public string Value(string field) => Values.GetValueOrDefault(field, "");

        /// <summary>The refusal when it names no field (a form that is all one field shows its message there instead).</summary>
        public Problem? Unplaced => Problem.Errors.Count == 0 ? Problem : null;
    }

    /// <summary>
    /// A form's action: reads the form and the proposal, runs <paramref name="act"/> (the API call), then goes back to the
    /// page at <paramref name="anchor"/> with the notice, or shows the page again with the refusal beside the form it names.
    /// </summary>
    private static async Task<IResult> ActAsync(HttpContext context, ApiCalls api, Guid id, string anchor,
        Func<IFormCollection, ProposalView, Task<(Problem? Problem, string Form, string Notice)>> act)
    {
        if (Viewer.Of(context.User) is null)
        {
            return Respond.SignInFirst(context);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if ((await api.GetAsync<ProposalView>(context, $"/proposals/{id}")).Value is not { } proposal)
        {
            return Configuration.NotFound(context);
        }

        var (problem, name, notice) = await act(form, proposal);
        if (problem is null)
        {
            return Respond.SeeOther($"/app/proposals/{id}?notice={Uri.EscapeDataString(notice)}#{anchor}");
        }

        var values = form.Where(f => f.Key != "_antiforgery").ToDictionary(f => f.Key, f => f.Value.ToString());
        return await ShowAsync(context, api, id, new Shown(false, null, null, new Refused(name, values, problem)), problem.Status);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, ApiCalls api, Guid id, Shown shown, int status)
    {
        if (Viewer.Of(context.User) is not { } viewer)
        {
            return Respond.SignInFirst(context);
        }

        if ((await api.GetAsync<ProposalView>(context, $"/proposals/{id}")).Value is not { } proposal)
        {
            return Configuration.NotFound(context);
        }

        var agreementId = proposal.AgreementId;
        var agreement = (await api.GetAsync<AgreementView>(context, $"/agreements/{agreementId}")).Value!;

        // A ratified proposal is the version it became; any other is read against the current text.
        Answer<AgreementDiff> diff;
        IReadOnlyList<NumberedClause>? outline = null;
        if (proposal.RatifiedAs is { } version)
        {
            diff = await api.GetAsync<AgreementDiff>(context, $"/agreements/{agreementId}/diff?from={version - 1}&to={version}");
            outline = shown.Full ? (await api.GetAsync<AgreementView>(context, $"/agreements/{agreementId}/versions/{version}")).Value?.Clauses : null;
        }
        else
        {
            diff = await api.GetAsync<AgreementDiff>(context, $"/proposals/{id}/diff");
            outline = shown.Full && diff.Succeeded ? (await api.GetAsync<ProposalPreview>(context, $"/proposals/{id}/preview")).Value?.Clauses : null;
        }

        var comments = (await api.GetAsync<Paged<CommentView>>(context, $"/proposals/{id}/comments?pageSize={Paging.MaxPageSize}")).Value!;
        var revisions = (await api.GetAsync<List<RevisionView>>(context, $"/proposals/{id}/revisions")).Value ?? [];
        var revisionDiff = shown.Revision is { } n ? await api.GetAsync<RevisionDiff>(context, $"/proposals/{id}/revisions/{n}/diff") : null;
        var vote = proposal.VoteId is { } voteId ? (await api.GetAsync<VoteView>(context, $"/votes/{voteId}")).Value : null;

        return Respond.Show<Pages.Proposal>(new
        {
            Viewer = viewer,
            Notice = shown.Notice,
            Model = new Pages.Proposal.View(proposal, agreement, await Configuration.RoleAsync(context, api, agreementId),
                diff.Value, outline, diff.Problem, comments, revisions, shown.Revision, revisionDiff?.Value, revisionDiff?.Problem, vote,
                await Configuration.ZoneAsync(context, api), shown.Full),
            shown.Refused,
        }, status);
    }

    /// <summary>
    /// The revision a simple form asks for: the proposal's changes with one clause's heading or text replaced (the change to
    /// that clause rewritten, or one added). A conflicted proposal's changes no longer apply, so its revision is written
    /// afresh against the current version, with only this change.
    /// </summary>
    private static async Task<ReviseProposal> RevisionAsync(HttpContext context, ApiCalls api, ProposalView proposal, IFormCollection form)
    {
        var note = form["note"].ToString() is { Length: > 0 } n ? n : null;
        if (!Guid.TryParse(form["clauseId"], out var clauseId))
        {
            return new ReviseProposal(proposal.BaseVersion, proposal.Changes, note);
        }

        var text = form["text"].ToString();
        var heading = form.ContainsKey("heading") ? form["heading"].ToString() : null;
        if (proposal.Status == ProposalStatus.Conflicted)
        {
            var current = (await api.GetAsync<AgreementView>(context, $"/agreements/{proposal.AgreementId}")).Value!.Version;
            return new ReviseProposal(current, [new AmendClause(clauseId, heading, text)], note);
        }

        var replaced = false;
        var changes = proposal.Changes.Select(change => change switch
        {
            AddClause add when add.ClauseId == clauseId && !replaced => Replaced(add with { Heading = heading ?? add.Heading, Text = text }),
            AmendClause amend when amend.ClauseId == clauseId && !replaced => Replaced(amend with { Heading = heading ?? amend.Heading, Text = text }),
            _ => change,
        }).ToList();
        return new ReviseProposal(proposal.BaseVersion, replaced ? changes : [.. changes, new AmendClause(clauseId, heading, text)], note);

        Change Replaced(Change change)
        {
            replaced = true;
            return change;
        }
    }

    /// <summary>A datetime-local field's value, as a moment in the reader's zone; empty is none (the rules' default).</summary>
    private static bool LocalMoment(string? value, TimeZoneInfo zone, out DateTimeOffset? moment)
    {
        moment = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (!DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        moment = new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
        return true;
    }

    /// <summary>A choice as a word in a sentence ("block").</summary>
    public static string ChoiceWord(Choice choice) => Text.Named("Vote_Choice_" + choice.ToString().ToLowerInvariant()).ToLower(Strings.Culture ?? CultureInfo.InvariantCulture);
}

/// <summary>What the proposal's page offers whom; the API decides whether they may.</summary>
public static class ProposalControls
{
    /// <summary>Its author, while it can still be changed, sees the forms to revise and withdraw it.</summary>
    public static bool IsDraftFor(this ProposalView proposal, Viewer viewer) =>
        proposal.Author.Id == viewer.ParticipantId && proposal.Status is ProposalStatus.Open or ProposalStatus.Conflicted;
}
