using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Comments;
using AgreementService.Infrastructure;
using AgreementService.Notifications;
using AgreementService.Participants;
using AgreementService.Proposals;
using AgreementService.Publishing;
using AgreementService.Votes;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Web;

/// <summary>
/// The web app: server-rendered pages at / and under /app, for people in a browser. Every page reads and every form acts
/// through the API's own endpoints (<see cref="ApiCalls"/>), so a rule lives in one place; the pages only show.
/// </summary>
public static class Configuration
{
    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "agreements_antiforgery";
            o.FormFieldName = "_antiforgery";
            o.SuppressXFrameOptionsHeader = true; // the Content-Security-Policy's frame-ancestors says it
        });
        services.AddSingleton<ApiCalls>();
        return services;
    }

    public static void MapWebApp(this WebApplication app)
    {
        app.UseStaticFiles();
        var pages = app.MapGroup("").ExcludeFromDescription().AllowAnonymous().RequireAntiforgery();

        pages.MapGet("/", HomeAsync);
        pages.MapProposalPages();
        pages.MapGet("/app/sign-in", ([FromQuery] string? then, HttpContext context) =>
        {
            if (Viewer.Of(context.User) is not null)
            {
                return Respond.SeeOther(Respond.Then(then));
            }

            Respond.RememberThen(context, then);
            return Respond.Show<Pages.SignIn>(new { });
        });
        pages.MapPost("/app/sign-in", SignInAsync);
        pages.MapVersionPages();
        // Emails name a vote; it is shown on its proposal's page.
        pages.MapGet("/app/votes/{id:guid}", async (Guid id, HttpContext context, ApiCalls api) =>
            Viewer.Of(context.User) is null ? Respond.SignInFirst(context)
            : await api.GetAsync<VoteView>(context, $"/votes/{id}") is { Value: { } vote } ? Respond.SeeOther($"/app/proposals/{vote.ProposalId}#vote")
            : NotFound(context));
        pages.MapAgreementPages();
        pages.MapManagePages();
        pages.MapSettingsPages();
        pages.MapAdministrationPages();
        pages.MapPost("/app/sign-out", async (HttpContext context, ApiCalls api) =>
        {
            await api.PostAsync<object>(context, "/sign-out", null);
            return Respond.SeeOther("/app/sign-in");
        });
    }

    private static async Task<IResult> HomeAsync(HttpContext context, ApiCalls api, [FromQuery] string? notice)
    {
        if (Viewer.Of(context.User) is not { } viewer)
        {
            return Respond.SignInFirst(context);
        }

        var agreements = (await api.GetAsync<Paged<AgreementSummary>>(context, "/agreements?pageSize=200")).Value!.Items;
        var zone = await ZoneAsync(context, api);
        List<Pages.Home.WaitingVote> waiting = [];
        List<Pages.Home.WaitingReply> replies = [];
        foreach (var agreement in agreements)
        {
            foreach (var status in new[] { "voting", "open" })
            {
                foreach (var proposal in (await api.GetAsync<Paged<ProposalView>>(context, $"/agreements/{agreement.Id}/proposals?status={status}&pageSize=200")).Value!.Items)
                {
                    if (proposal.VoteId is not null && (await api.GetAsync<VoteView>(context, $"/votes/{proposal.VoteId}")).Value is { Status: VoteStatus.Open } vote
                        && vote.Electorate.Any(v => v.ParticipantId == viewer.ParticipantId) && vote.Ballots.All(b => b.Voter.Id != viewer.ParticipantId))
                    {
                        waiting.Add(new(proposal.Id, proposal.Title, agreement.Title, vote.ClosesAt));
                    }

                    var comments = (await api.GetAsync<Paged<CommentView>>(context, $"/proposals/{proposal.Id}/comments?pageSize=200")).Value?.Items ?? [];
                    replies.AddRange(Unanswered(comments, viewer.ParticipantId).Select(r => new Pages.Home.WaitingReply(proposal.Id, proposal.Title, r.Id, r.Author.Name, r.PostedAt)));
                }
            }
        }

        return Respond.Show<Pages.Home>(new { Viewer = viewer, Notice = notice, Agreements = agreements, Waiting = waiting.OrderBy(w => w.ClosesAt).ToList(),
            Replies = replies.OrderByDescending(r => r.PostedAt).ToList(), Zone = zone });
    }

    /// <summary>Replies to the reader's comments that the reader has not answered since (in a thread, a later comment of theirs answers it).</summary>
    private static IEnumerable<CommentView> Unanswered(IEnumerable<CommentView> threads, Guid? reader)
    {
        foreach (var comment in threads)
        {
            if (comment.Author.Id == reader)
            {
                var answeredAt = comment.Replies.Where(r => r.Author.Id == reader).Select(r => r.PostedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
                foreach (var reply in comment.Replies.Where(r => r.Author.Id != reader && r.Hidden is null && r.PostedAt > answeredAt))
                {
                    yield return reply;
                }
            }

            foreach (var deeper in Unanswered(comment.Replies, reader))
            {
                yield return deeper;
            }
        }
    }

    public static IResult NotFound(HttpContext context, string? detail = null) =>
        Respond.Show<Pages.NotFound>(new { Viewer = Viewer.Of(context.User), Detail = detail }, StatusCodes.Status404NotFound);

    /// <summary>The API's refusal of a page as a page: not found (404, also for what the reader may not know exists), or not allowed, in the API's words.</summary>
    public static IResult Refusal(HttpContext context, Problem problem) =>
        problem.Status == StatusCodes.Status404NotFound
            ? NotFound(context)
            : Respond.Show<Pages.Forbidden>(new { Viewer = Viewer.Of(context.User), problem.Detail }, problem.Status);

    /// <summary>A version's or a proposal's document (<c>format</c>: pdf, docx or xml), downloaded through the API; its refusal as a page.</summary>
    public static async Task<IResult> DownloadAsync(HttpContext context, ApiCalls api, string path, string format)
    {
        if (Exports.Kinds.FirstOrDefault(k => k.Link == format) is not { } document)
        {
            return NotFound(context);
        }

        var answer = await api.DownloadAsync(context, path, document.MediaType);
        return answer.Value ?? Refusal(context, answer.Problem!);
    }

    /// <summary>The reader's role in the agreement (from /me; none for someone who is not a member, such as the administrator).</summary>
    public static async Task<AgreementRole?> RoleAsync(HttpContext context, ApiCalls api, Guid agreementId) =>
        (await api.GetAsync<MeView>(context, "/me")).Value?.Agreements.FirstOrDefault(a => a.AgreementId == agreementId)?.Role;

    /// <summary>The reader's time zone, from their settings (UTC for the administrator's token and visitors).</summary>
    public static async Task<TimeZoneInfo> ZoneAsync(HttpContext context, ApiCalls api) =>
        context.User.ParticipantId() is null ? TimeZoneInfo.Utc
            : Text.Zone((await api.GetAsync<NotificationSettingsView>(context, "/me/notifications")).Value?.TimeZone);

    private static async Task<IResult> SignInAsync(HttpContext context, ApiCalls api)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var email = form["email"].ToString();
        var answer = await api.PostAsync<SignInRequested>(context, "/sign-in", new RequestSignIn(email));
        return answer.Succeeded
            ? Respond.Show<Pages.SignIn>(new { Sent = email })
            : Respond.Show<Pages.SignIn>(new { Email = email, answer.Problem }, answer.Status);
    }
}
