using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Mail;
using AgreementService.Proposals;
using AgreementService.Votes;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace AgreementService.Notifications;

/// <summary>
/// Remind the voters of an open vote who have not voted. Scheduled (durably) <c>remindHoursBefore</c> the deadline when
/// the vote is called (<c>Asked</c> null), or asked for by a facilitator (<c>Asked</c>: when, which names the reminder).
/// </summary>
public sealed record RemindVoters(Guid VoteId, DateTimeOffset? Asked);

/// <summary>When a vote's voters were last reminded on a facilitator's request: at most once an hour.</summary>
public sealed record VoteReminders(Guid Id, DateTimeOffset LastAskedAt);

/// <summary>How many voters were reminded.</summary>
public sealed record RemindersSent(int Reminded);

public static class Reminding
{
    public static readonly TimeSpan Between = TimeSpan.FromHours(1);

    /// <summary>
    /// The voters still to vote: in the electorate, and whose voting unit has no ballot that counts. When the vote is by
    /// organisation, a colleague's ballot speaks for the organisation, so its members are not reminded.
    /// </summary>
    public static IEnumerable<Guid> NotVoted(Vote vote)
    {
        var voted = Tallying.Counted(vote.Rules, vote.Electorate, vote.Ballots)
            .Select(b => Tallying.Unit(vote.Rules, vote.Electorate.First(v => v.ParticipantId == b.VoterId))).ToHashSet();
        return vote.Electorate.Where(v => !voted.Contains(Tallying.Unit(vote.Rules, v))).Select(v => v.ParticipantId);
    }

    public static async Task<OutgoingMessages> RemindAsync(IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, Vote vote, DateTimeOffset? asked,
        string by, DateTimeOffset now, CancellationToken ct)
    {
        if (vote.Status != VoteStatus.Open || now >= vote.ClosesAt)
        {
            return [];
        }

        var notifier = new Notifier(session, mail, tokens);
        var title = (await session.LoadAsync<Proposal>(vote.ProposalId, ct))?.Title ?? "";
        var agreement = await notifier.AgreementTitleAsync(vote.AgreementId, ct);
        var byOrganisation = vote.Rules.VotingUnit == VotingUnit.Organisation;
        return await notifier.NotifyAsync(vote.AgreementId, $"reminder/{vote.Id}/{asked?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "scheduled"}", by,
            NotVoted(vote).Select(p => new Recipient(p, true)), now,
            reader => new Notice(EmailBody.Fill(Emails.ReminderSubject, title),
                [EmailBody.Fill(byOrganisation && vote.Electorate.Any(v => v.ParticipantId == reader.Person.Id && v.OrganisationId is not null)
                    ? Emails.ReminderOrganisationBody : Emails.ReminderBody, title, agreement, reader.Settings.Local(vote.ClosesAt))],
                (Emails.ActionVote, notifier.Link($"/app/votes/{vote.Id}"))), ct);
    }
}

public static class RemindVotersHandler
{
    public static async Task<OutgoingMessages> Handle(RemindVoters command, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, TimeProvider clock,
        CancellationToken ct) =>
        await session.LoadAsync<Vote>(command.VoteId, ct) is { } vote
            ? await Reminding.RemindAsync(session, mail, tokens, vote, command.Asked, Caller.Service, clock.GetUtcNow(), ct)
            : [];
}

public static class RemindVotersEndpoint
{
    /// <summary>
    /// For a facilitator, the vote under its lock (held until the request commits) and its last reminder read after taking
    /// it: of two requests at once, the second reads the first's reminder, and is refused as any request within the hour is.
    /// </summary>
    public static async Task<(Vote?, Standing, VoteReminders?)> LoadAsync(Guid id, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        var (vote, standing) = await Vote.LoadAsync(session, id, user, ct);
        if (vote is null || !standing.May(AgreementRole.Facilitator))
        {
            return (vote, standing, null);
        }

        vote = (await session.Events.FetchForExclusiveWriting<Vote>(id, ct)).Aggregate!;
        return (vote, standing, await session.LoadAsync<VoteReminders>(id, ct));
    }

    public static ProblemDetails Validate(Vote? vote, Standing standing, VoteReminders? last, TimeProvider clock, HttpContext context) =>
        standing.Require(AgreementRole.Facilitator).Then(() =>
        {
            var now = clock.GetUtcNow();
            if (vote!.Status != VoteStatus.Open)
            {
                return VoteClosing.Ended(vote, now) ?? Problems.Conflict("The vote is no longer open.");
            }

            return last is not null && now - last.LastAskedAt < Reminding.Between
                ? RateLimits.Refusal(context, last.LastAskedAt + Reminding.Between - now,
                    $"The voters of this vote were reminded at {last.LastAskedAt:u}; they can be reminded again from {last.LastAskedAt + Reminding.Between:u}.")
                : WolverineContinue.NoProblems;
        });

    /// <summary>
    /// A facilitator reminds, by email and now, the voters of an open vote who have not voted yet (under voting by
    /// organisation: the members of organisations that have not voted). At most once an hour per vote; the answer says
    /// how many were reminded (those who chose no email are not).
    /// </summary>
    [WolverinePost("/votes/{id}/reminders", OperationId = "remindVoters")]
    public static async Task<(Accepted<RemindersSent>, OutgoingMessages)> Post([NotBody] Vote vote, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        session.Store(new VoteReminders(vote.Id, now));
        var messages = await Reminding.RemindAsync(session, mail, tokens, vote, now, user.Actor(), now, ct);
        return (TypedResults.Accepted((string?)null, new RemindersSent(messages.Count)), messages);
    }
}
