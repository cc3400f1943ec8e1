using System.Globalization;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using AgreementService.Proposals;
using AgreementService.Votes;
using AgreementService.Webhooks;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Web;

/// <summary>
/// The facilitator's dashboard: what waits (open proposals, open votes, conflicts), members and roles, the decision rules
/// as a form, webhooks and their deliveries. Who may open it is the API's answer to reading the agreement's webhooks
/// (facilitators and administrators); every form runs the API's own use case and shows its refusal beside the form.
/// </summary>
public static class ManagePages
{
    public static void MapManagePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/app/agreements/{id:guid}/manage", (Guid id, HttpContext context, ApiCalls api, [FromQuery] string? notice) =>
            Respond.SignedInAsync(context, viewer => ShowAsync(context, api, viewer, id, notice)));

        pages.MapPost("/app/agreements/{id:guid}/members/{participantId:guid}/role", (Guid id, Guid participantId, HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var answer = await api.PutAsync<MemberView>(context, $"/agreements/{id}/members/{participantId}", new SetMemberRole(Parse<AgreementRole>(form["role"])));
                return answer is { Value: { } member }
                    ? Respond.SeeOther(Manage(id), string.Format(CultureInfo.InvariantCulture, Strings.Manage_RoleChanged, member.Name, Text.Role(member.Role)))
                    : await ShowAsync(context, api, viewer, id, null, new Pages.Manage.RefusedForm(Pages.Manage.Forms.Member, answer.Problem!, form, participantId));
            }));

        pages.MapGet("/app/agreements/{id:guid}/members/{participantId:guid}/remove", (Guid id, Guid participantId, HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, viewer => ConfirmRemovalAsync(context, api, viewer, id, participantId, null)));

        pages.MapPost("/app/agreements/{id:guid}/members/{participantId:guid}/remove", (Guid id, Guid participantId, HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var name = (await MemberAsync(context, api, id, participantId))?.Name;
                var answer = await api.DeleteAsync<object>(context, $"/agreements/{id}/members/{participantId}");
                return answer.Succeeded
                    ? Respond.SeeOther(Manage(id), string.Format(CultureInfo.InvariantCulture, Strings.Manage_MemberRemoved, name))
                    : await ConfirmRemovalAsync(context, api, viewer, id, participantId, answer.Problem);
            }));

        pages.MapPost("/app/agreements/{id:guid}/invitations", (Guid id, HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var answer = await api.PostAsync<InvitationSent>(context, $"/agreements/{id}/invitations",
                    new InviteToAgreement(form["name"].ToString(), form["email"].ToString(), Parse<AgreementRole>(form["role"])));
                return answer is { Value: { } sent }
                    ? Respond.SeeOther(Manage(id), string.Format(CultureInfo.InvariantCulture, Strings.Manage_Invited, sent.Participant.Name, sent.Participant.Email,
                        sent.Role is { } role ? Text.Role(role) : ""))
                    : await ShowAsync(context, api, viewer, id, null, new Pages.Manage.RefusedForm(Pages.Manage.Forms.Invite, answer.Problem!, form));
            }));

        pages.MapPost("/app/agreements/{id:guid}/decision-rules", (Guid id, HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var answer = await api.PutAsync<DecisionRules>(context, $"/agreements/{id}/decision-rules", RulesBody(form));
                return answer.Succeeded
                    ? Respond.SeeOther(Manage(id) + "#rules", Strings.Manage_RulesSaved)
                    : await ShowAsync(context, api, viewer, id, null, new Pages.Manage.RefusedForm(Pages.Manage.Forms.Rules, answer.Problem!, form));
            }));

        pages.MapPost("/app/agreements/{id:guid}/webhooks", (Guid id, HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var secret = form["secret"].ToString();
                var answer = await api.PostAsync<WebhookRegistered>(context, $"/agreements/{id}/webhooks",
                    new RegisterWebhook(form["url"].ToString(), secret.Length == 0 ? null : secret));
                // The secret is shown on this answer and never again: it is not put in a redirect's address.
                return answer is { Value: { } registered }
                    ? await ShowAsync(context, api, viewer, id, Strings.Manage_WebhookRegistered, registered: registered)
                    : await ShowAsync(context, api, viewer, id, null, new Pages.Manage.RefusedForm(Pages.Manage.Forms.Webhook, answer.Problem!, form));
            }));

        pages.MapPost("/app/agreements/{id:guid}/webhooks/{hookId:guid}/remove", (Guid id, Guid hookId, HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var answer = await api.DeleteAsync<object>(context, $"/agreements/{id}/webhooks/{hookId}");
                return answer.Succeeded
                    ? Respond.SeeOther(Manage(id) + "#webhooks", Strings.Manage_WebhookRemoved)
                    : Configuration.Refusal(context, answer.Problem!);
            }));
    }

    private static string Manage(Guid id) => $"/app/agreements/{id}/manage";

    private static async Task<IResult> ShowAsync(HttpContext context, ApiCalls api, Viewer viewer, Guid id, string? notice,
        Pages.Manage.RefusedForm? refusal = null, WebhookRegistered? registered = null)
    {
        // The webhooks are the facilitators' (and the administrators'): the API's answer decides who sees this page.
        var hooks = await api.GetAsync<IReadOnlyList<WebhookView>>(context, $"/agreements/{id}/webhooks");
        if (hooks.Problem is { } refused)
        {
            return Configuration.Refusal(context, refused);
        }

        var agreement = (await api.GetAsync<AgreementView>(context, $"/agreements/{id}")).Value!;
        var voting = new List<Pages.Manage.OpenVote>();
        foreach (var proposal in await ProposalsAsync(context, api, id, ProposalStatus.Voting))
        {
            if (proposal.VoteId is { } voteId && (await api.GetAsync<VoteView>(context, $"/votes/{voteId}")).Value is { Status: VoteStatus.Open } vote)
            {
                voting.Add(new(proposal, vote));
            }
        }

        var deliveries = new Dictionary<Guid, IReadOnlyList<WebhookDeliveryView>>();
        foreach (var hook in hooks.Value!)
        {
            deliveries[hook.Id] = (await api.GetAsync<Paged<WebhookDeliveryView>>(context, $"/agreements/{id}/webhooks/{hook.Id}/deliveries?pageSize=5")).Value!.Items;
        }

        return Respond.Show<Pages.Manage>(new
        {
            Viewer = viewer,
            Notice = notice,
            AgreementId = id,
            agreement.Title,
            Open = await ProposalsAsync(context, api, id, ProposalStatus.Open),
            Voting = voting.OrderBy(v => v.Vote.ClosesAt).ToList(),
            Conflicted = await ProposalsAsync(context, api, id, ProposalStatus.Conflicted),
            Members = (await api.GetAsync<Paged<MemberView>>(context, $"/agreements/{id}/members?pageSize={Paging.MaxPageSize}")).Value!.Items,
            Rules = (await api.GetAsync<DecisionRules>(context, $"/agreements/{id}/decision-rules")).Value!,
            Webhooks = hooks.Value!,
            Deliveries = deliveries,
            Zone = await Configuration.ZoneAsync(context, api),
            Refusal = refusal,
            Registered = registered,
        }, refusal?.Problem.Status ?? StatusCodes.Status200OK);
    }

    private static async Task<IReadOnlyList<ProposalView>> ProposalsAsync(HttpContext context, ApiCalls api, Guid id, ProposalStatus status) =>
        (await api.GetAsync<Paged<ProposalView>>(context, $"/agreements/{id}/proposals?status={status.ToString().ToLowerInvariant()}&pageSize={Paging.MaxPageSize}"))
        .Value!.Items;

    private static async Task<MemberView?> MemberAsync(HttpContext context, ApiCalls api, Guid id, Guid participantId) =>
        (await api.GetAsync<Paged<MemberView>>(context, $"/agreements/{id}/members?pageSize={Paging.MaxPageSize}")).Value?.Items
        .FirstOrDefault(m => m.ParticipantId == participantId);

    private static async Task<IResult> ConfirmRemovalAsync(HttpContext context, ApiCalls api, Viewer viewer, Guid id, Guid participantId, Problem? problem)
    {
        var hooks = await api.GetAsync<IReadOnlyList<WebhookView>>(context, $"/agreements/{id}/webhooks");
        if (hooks.Problem is { } refused)
        {
            return Configuration.Refusal(context, refused);
        }

        if (await MemberAsync(context, api, id, participantId) is not { } member)
        {
            return Configuration.NotFound(context);
        }

        var agreement = (await api.GetAsync<AgreementView>(context, $"/agreements/{id}")).Value!;
        return Respond.Show<Pages.ManageRemoveMember>(new { Viewer = viewer, AgreementId = id, agreement.Title, Member = member, Problem = problem },
            problem?.Status ?? StatusCodes.Status200OK);
    }

    /// <summary>
    /// The rules as the form gave them, for the API to judge: numbers as numbers (a decimal comma read as a point), an
    /// empty field as left out, and anything else as the text typed, so that the API's own words say what is wrong with it.
    /// </summary>
    private static Dictionary<string, object?> RulesBody(IFormCollection form)
    {
        string[] numbers = ["threshold", "quorum", "blocksToFail", "minDiscussionHours", "defaultVotingHours", "remindHoursBefore"];
        var body = new Dictionary<string, object?>
        {
            ["method"] = Given(form["method"]),
            ["votingUnit"] = Given(form["votingUnit"]),
            ["closeWhenAllVoted"] = form["closeWhenAllVoted"].ToString() == "true",
        };
        foreach (var name in numbers)
        {
            var typed = form[name].ToString().Trim().Replace(',', '.');
            body[name] = typed.Length == 0 ? null
                : decimal.TryParse(typed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
                : typed;
        }

        return body;
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>A choice from a form (a role, a level) as the API's enum; anything else is left out, for the API to say what it takes.</summary>
    public static T? Parse<T>(string? value) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed : null;
}
