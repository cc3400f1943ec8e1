using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Comments;
using AgreementService.Infrastructure;
using AgreementService.Organisations;
using AgreementService.Participants;
using AgreementService.Proposals;
using AgreementService.Votes;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AgreementService.Activity;

/// <summary>
/// One line of an agreement's audit trail as it is stored: who did what, when, in words a person can read. <c>ActorId</c> is
/// the event's <c>By</c>; <c>Actor</c> the name they had when they did it, <c>ActorOrganisation</c> the name of the organisation
/// they spoke for then (none for the administrator, the service, or a participant of no organisation).
/// </summary>
public sealed record ActivityEntry(Guid Id, Guid AgreementId, long Sequence, DateTimeOffset At, string ActorId, string Actor, string Type,
    string Summary, Guid? ProposalId, string? ActorOrganisation = null);

/// <summary>
/// One line of an agreement's audit trail: who did what (named as they were named then, with the organisation they spoke
/// for then, if any), when, in words a person can read.
/// </summary>
public sealed record ActivityView(Guid Id, Guid AgreementId, long Sequence, Person Actor, string? ActorOrganisation, DateTimeOffset OccurredAt, string Type,
    string Summary, Guid? ProposalId)
{
    public static ActivityView From(ActivityEntry e) =>
        new(e.Id, e.AgreementId, e.Sequence, new Person(Person.IdIn(e.ActorId), e.Actor), e.ActorOrganisation, e.At, e.Type, e.Summary, e.ProposalId);
}

/// <summary>
/// Writes an activity entry for every agreement event, whichever stream it is in, in the same transaction as
/// the event. Names are looked up as the event is recorded; the events themselves carry only ids.
/// </summary>
public sealed partial class ActivityProjection : EventProjection
{
    public override async ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken ct)
    {
        if (e.Data is not IAgreementEvent data)
        {
            return;
        }

        async Task<string> Name(Guid participantId) => (await operations.LoadAsync<Participant>(participantId, ct))?.Name ?? Person.Unregistered;
        async Task<string> Title(Guid proposalId) => $"“{(await operations.LoadAsync<Proposal>(proposalId, ct))?.Title}”";

        var (summary, proposalId) = data switch
        {
            AgreementCreated c => ($"created the agreement “{c.Title}” with {Outline.All(c.Clauses).Count()} clauses as version 1", (Guid?)null),
            MemberRoleSet m => ($"made {await Name(m.ParticipantId)} {Article(m.Role)} {Role(m.Role)}", null),
            MemberRemoved m => ($"removed {await Name(m.ParticipantId)} from the agreement", null),
            DecisionRulesSet r => ($"set the decision rules: {Describe(r.Rules)}", null),
            VersionRatified v => ($"ratified “{v.Title}” as version {v.Version}", v.ProposalId),
            ProposalSubmitted p => ($"proposed “{p.Title}”: {Words.Plural(p.Changes.Count, "change")} to version {p.BaseVersion}", p.ProposalId),
            ProposalRevised p => ($"revised {await Title(p.ProposalId)} (revision {p.Revision}: {Words.Plural(p.Changes.Count, "change")} to version {p.BaseVersion})", p.ProposalId),
            ProposalWithdrawn p => ($"withdrew {await Title(p.ProposalId)}", p.ProposalId),
            ProposalConflicted p => ($"marked {await Title(p.ProposalId)} conflicted: {(p.Refusal is { } refusal
                ? $"its changes no longer apply to version {p.Version}. {refusal.Reason}"
                : $"version {p.Version} changed clauses it changes")}", p.ProposalId),
            VoteCalled v => ($"called a vote on {await Title(v.ProposalId)}, closing {v.ClosesAt:u}, with {Eligible(v)}", v.ProposalId),
            VoterLeft v => ($"took {await Name(v.ParticipantId)} out of the vote on {await Title(v.ProposalId)}: {v.Why}", v.ProposalId),
            BallotCast b => ($"voted {b.Choice.ToString().ToLowerInvariant()} on {await Title(b.ProposalId)}{(b.Reason is null ? "" : $": {b.Reason}")}", b.ProposalId),
            VoteClosed v => ($"closed the vote on {await Title(v.ProposalId)} ({Because(v.Because)}). {v.Tally.Explanation}", v.ProposalId),
            VoteCancelled v => ($"cancelled the vote on {await Title(v.ProposalId)}: {v.Reason}", v.ProposalId),
            CommentPosted c => ($"{(c.ReplyTo is null ? "commented" : "replied to a comment")} on {await Title(c.ProposalId)}", c.ProposalId),
            CommentEdited c => ($"edited a comment on {await Title(c.ProposalId)}", c.ProposalId),
            CommentHidden c => ($"hid a comment on {await Title(c.ProposalId)}: {c.Reason}", c.ProposalId),
            _ => (e.EventTypeName.Replace('_', ' '), null),
        };

        var participant = Person.IdIn(data.By) is { } actorId ? await operations.LoadAsync<Participant>(actorId, ct) : null;
        var actor = participant?.Name ?? (Person.IdIn(data.By) is null ? Person.Named(data.By).Name : Person.Unregistered);
        var organisation = participant?.OrganisationId is { } organisationId ? (await operations.LoadAsync<Organisation>(organisationId, ct))?.Name : null;
        operations.Store(new ActivityEntry(e.Id, data.AgreementId, e.Sequence, data.At, data.By, actor,
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Data.GetType().Name), summary, proposalId, organisation));
    }

    /// <summary>The electorate counted as the tally counts it: voters, or organisations and members without one.</summary>
    private static string Eligible(VoteCalled v)
    {
        var units = Tallying.Units(v.Rules, v.Eligible).Count;
        var voters = Words.Plural(v.Eligible.Count, "eligible voter");
        return v.Rules.VotingUnit == VotingUnit.Participant ? voters : $"{units} eligible {Tallying.UnitWord(v.Rules, v.Eligible)} ({voters})";
    }

    private static string Because(ClosedBecause because) => because switch
    {
        ClosedBecause.Deadline => "its deadline came",
        ClosedBecause.AllVoted => "everyone had voted",
        _ => "by a facilitator",
    };

    private static string Role(AgreementRole role) => role.ToString().ToLowerInvariant();

    private static string Article(AgreementRole role) => role == AgreementRole.Observer ? "an" : "a";

    /// <summary>The rules in words: the activity line and the email calling a vote say them alike.</summary>
    internal static string Describe(DecisionRules r) =>
        $"{r.Method.ToString().ToLowerInvariant()}{(r.Method == DecisionMethod.Supermajority ? $" at {Words.Percent(r.Threshold)}" : "")}, " +
        $"quorum {Words.Percent(r.Quorum)} of {(r.VotingUnit == VotingUnit.Organisation ? "organisations" : "participants")}, " +
        $"{Words.Plural(r.BlocksToFail, "block")} to fail, {Words.Duration(r.MinDiscussionHours)} of discussion, " +
        $"{Words.Duration(r.DefaultVotingHours)} of voting{(r.CloseWhenAllVoted ? ", closing early when all have voted" : "")}";
}
