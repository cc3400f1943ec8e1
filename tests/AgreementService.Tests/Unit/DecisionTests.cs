using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Comments;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using AgreementService.Proposals;
using AgreementService.Votes;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace AgreementService.Tests.Unit;

/// <summary>
/// The use cases' decisions, called as functions without a database or HTTP: what each refuses and why, in the words the
/// caller reads, and the effects each returns.
/// </summary>
public sealed class DecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid AgreementId = Guid.NewGuid(), AuthorId = Guid.NewGuid(), OtherId = Guid.NewGuid(), FacilitatorId = Guid.NewGuid();

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly TimeProvider At = new Clock(Now);

    private static ClaimsPrincipal Participant(Guid id) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString())], "test"));

    private static readonly ClaimsPrincipal Administrator =
        new(new ClaimsIdentity([new Claim(ClaimTypes.Role, Caller.AdministratorRole), new Claim(ClaimTypes.Name, Caller.AdministratorRole)], "test"));

    private static Standing As(Guid participant, AgreementRole? role) => new(Participant(participant), role is not null, role);

    private static Proposal Proposal(ProposalStatus status = ProposalStatus.Open) =>
        new(Guid.NewGuid(), AgreementId, AuthorId, "Clarify our purpose", "Because.", Now.AddDays(-5)) { Status = status, RevisedAt = Now.AddDays(-5), BaseVersion = 1 };

    private static string? Detail(ProblemDetails problem) => ReferenceEquals(problem, WolverineContinue.NoProblems) ? null : $"{problem.Status} {problem.Detail}";

    public static TheoryData<string, ProposalStatus, AgreementRole?, string?> AuthorOnly => new()
    {
        // who, proposal status, their role, the answer
        { "author", ProposalStatus.Open, AgreementRole.Member, null },
        { "author", ProposalStatus.Conflicted, AgreementRole.Member, null },
        { "other", ProposalStatus.Open, AgreementRole.Facilitator, "403 Only the proposal's author may {0} it." },
        { "author", ProposalStatus.Open, AgreementRole.Observer, "403 This needs the member role in this agreement; you are an observer. A facilitator can change your role." },
        { "author", ProposalStatus.Open, null, "404 No agreement with that id exists, or you may not see it. Check the id." },
        { "author", ProposalStatus.Voting, AgreementRole.Member, "409 A vote is open on this proposal, so it cannot be {1}: ballots must refer to the exact text being voted on." },
        { "author", ProposalStatus.Withdrawn, AgreementRole.Member, "409 This proposal is withdrawn; it can no longer be {1}." },
        { "author", ProposalStatus.Ratified, AgreementRole.Member, "409 This proposal is ratified; it can no longer be {1}." },
        { "author", ProposalStatus.Rejected, AgreementRole.Member, "409 This proposal is rejected; it can no longer be {1}." },
    };

    [Theory]
    [MemberData(nameof(AuthorOnly))]
    public void withdrawing_and_revising_are_the_authors_while_the_proposal_is_a_draft_and_every_refusal_says_why(string who, ProposalStatus status,
        AgreementRole? role, string? answer)
    {
        var standing = As(who == "author" ? AuthorId : OtherId, role);
        var proposal = Proposal(status);

        Detail(WithdrawProposalEndpoint.Validate(proposal, standing)).ShouldBe(answer is null ? null : string.Format(answer, "withdraw", "withdrawn"));
        Detail(Authorship.Require(standing, proposal, "revise", "revised")).ShouldBe(answer is null ? null : string.Format(answer, "revise", "revised"));
    }

    [Fact]
    public void only_a_comments_author_edits_it_while_it_is_shown_and_the_edit_changes_something()
    {
        var comment = Comment.Create(new CommentPosted(Guid.NewGuid(), Guid.NewGuid(), AgreementId, AuthorId, null, null, null, "First thoughts.", AuthorId.ToString(), Now));

        Detail(EditCommentEndpoint.Validate(new EditComment("Second thoughts."), comment, As(AuthorId, AgreementRole.Observer))).ShouldBeNull();
        Detail(EditCommentEndpoint.Validate(new EditComment("Second thoughts."), comment, As(OtherId, AgreementRole.Facilitator)))
            .ShouldBe("403 Only the comment's author may edit it.");
        Detail(EditCommentEndpoint.Validate(new EditComment(" First thoughts. "), comment, As(AuthorId, AgreementRole.Observer)))
            .ShouldBe("422 The comment already reads exactly so; the edit changes nothing.");
        var hidden = comment.Apply(new CommentHidden(comment.Id, comment.ProposalId, AgreementId, "Off topic.", FacilitatorId.ToString(), Now));
        Detail(EditCommentEndpoint.Validate(new EditComment("Second thoughts."), hidden, As(AuthorId, AgreementRole.Observer)))
            .ShouldBe("409 A facilitator has hidden this comment; it can no longer be edited.");
        Detail(HideCommentEndpoint.Validate(hidden, As(FacilitatorId, AgreementRole.Facilitator))).ShouldStartWith("409 This comment was already hidden at");
        Detail(HideCommentEndpoint.Validate(comment, As(AuthorId, AgreementRole.Member))).ShouldStartWith("403 This needs the facilitator role");
    }

    private static Vote OpenVote(DecisionRules rules, params Voter[] voters) =>
        Vote.Create(new VoteCalled(Guid.NewGuid(), Guid.NewGuid(), AgreementId, 1, rules, voters, Now.AddDays(1), FacilitatorId.ToString(), Now.AddHours(-1)));

    [Fact]
    public void the_last_voters_ballot_closes_the_vote_when_the_rules_say_so_and_not_otherwise()
    {
        Voter[] voters = [new(AuthorId, null), new(OtherId, null)];
        var early = OpenVote(DecisionRules.Default with { CloseWhenAllVoted = true }, voters);
        var late = OpenVote(DecisionRules.Default with { CloseWhenAllVoted = false }, voters);

        var (_, first, noClose) = CastBallotEndpoint.Put(new CastBallot(Choice.Agree, null), early, Participant(AuthorId), At);
        var (_, _, close) = CastBallotEndpoint.Put(new CastBallot(Choice.Object, "Not yet."), early.Apply((BallotCast)first.Single()), Participant(OtherId), At);
        var (_, lateFirst, _) = CastBallotEndpoint.Put(new CastBallot(Choice.Agree, null), late, Participant(AuthorId), At);
        var (_, _, stillOpen) = CastBallotEndpoint.Put(new CastBallot(Choice.Agree, null), late.Apply((BallotCast)lateFirst.Single()), Participant(OtherId), At);

        noClose.ShouldBeEmpty();
        close.ShouldHaveSingleItem().ShouldBe(new CloseVote(early.Id, ClosedBecause.AllVoted));
        stillOpen.ShouldBeEmpty();
    }

    [Fact]
    public void a_ballot_is_taken_only_from_the_electorate_while_the_vote_is_open()
    {
        var vote = OpenVote(DecisionRules.Default, new Voter(AuthorId, null), new Voter(OtherId, null));
        var left = vote.Apply(new VoterLeft(vote.Id, vote.ProposalId, AgreementId, OtherId, Electorate.MadeObserver, FacilitatorId.ToString(), Now.AddMinutes(-5)));

        Detail(CastBallotEndpoint.Validate(vote, As(AuthorId, AgreementRole.Member), At)).ShouldBeNull();
        Detail(CastBallotEndpoint.Validate(vote, As(FacilitatorId, AgreementRole.Facilitator), At))
            .ShouldBe("403 You are not among this vote's eligible voters: they are the members and facilitators of the agreement when the vote was called.");
        Detail(CastBallotEndpoint.Validate(left, As(OtherId, AgreementRole.Observer), At))
            .ShouldBe("403 You left this vote's electorate at 2026-12-01 11:55:00Z (made an observer after the vote was called); you may no longer vote in it.");
        Detail(CastBallotEndpoint.Validate(vote, new Standing(Administrator, true, null), At)).ShouldStartWith("403 This is done in a participant's own name");
        Detail(CastBallotEndpoint.Validate(vote, As(AuthorId, AgreementRole.Member), new Clock(Now.AddDays(2))))
            .ShouldBe("409 The vote's deadline, 2026-12-02 12:00:00Z, has passed; it is being closed.");
        var cancelled = vote.Apply(new VoteCancelled(vote.Id, vote.ProposalId, AgreementId, "The text needs another look.", FacilitatorId.ToString(), Now));
        Detail(CastBallotEndpoint.Validate(cancelled, As(AuthorId, AgreementRole.Member), At)).ShouldBe("409 The vote was cancelled: The text needs another look.");
        Detail(CancelVoteEndpoint.Validate(cancelled, As(FacilitatorId, AgreementRole.Facilitator))).ShouldBe("409 The vote was cancelled: The text needs another look.");
    }

    [Fact]
    public void cancelling_a_vote_answers_it_with_names_counting_nothing_and_reopens_the_proposal()
    {
        var vote = OpenVote(DecisionRules.Default, new Voter(AuthorId, null));
        vote = vote.Apply(new BallotCast(vote.Id, vote.ProposalId, AgreementId, AuthorId, Choice.Agree, null, AuthorId.ToString(), Now));

        var (view, events, reopen) = CancelVoteEndpoint.Post(new CancelVote("The text needs another look."), vote,
            People.Of(new Person(AuthorId, "Ben Okafor")), Participant(FacilitatorId), At);

        view.Status.ShouldBe(VoteStatus.Cancelled);
        var ballot = view.Ballots.ShouldHaveSingleItem();
        (ballot.Voter, ballot.Counts).ShouldBe((new Person(AuthorId, "Ben Okafor"), false));
        events.ShouldHaveSingleItem().ShouldBeOfType<VoteCancelled>().Reason.ShouldBe("The text needs another look.");
        reopen.ShouldNotBeNull();
    }

    [Fact]
    public void calling_a_vote_fixes_the_rules_and_voters_and_schedules_its_close_at_the_deadline()
    {
        var proposal = Proposal();
        var agreement = new Agreement(AgreementId, "community-agreement", "Community Agreement", Visibility.Public, DecisionRules.Default, Now.AddDays(-30));
        IReadOnlyList<Voter> electorate = [new(AuthorId, null), new(OtherId, null)];
        var closesAt = Now.AddDays(3);

        var (created, events, started, messages) = CallVoteEndpoint.Post(new CallVote(closesAt), proposal, agreement, electorate, Participant(FacilitatorId), At);

        created.Value!.Electorate.ShouldBe(electorate);
        created.Value.Rules.ShouldBe(DecisionRules.Default);
        events.ShouldHaveSingleItem().ShouldBeOfType<ProposalVoteOpened>().VoteId.ShouldBe(created.Value.Id);
        started.ShouldNotBeNull();
        var scheduled = messages.ShouldHaveSingleItem().ShouldBeOfType<ScheduledMessage<CloseVote>>();
        scheduled.Message.ShouldBe(new CloseVote(created.Value.Id, ClosedBecause.Deadline));
        scheduled.Options.ScheduledTime.ShouldBe(closesAt);
    }

    [Fact]
    public void a_vote_is_called_by_a_facilitator_on_an_open_discussed_proposal_with_a_deadline_within_a_year_when_someone_may_vote()
    {
        var rules = DecisionRules.Default with { MinDiscussionHours = 72 };
        var agreement = new Agreement(AgreementId, "community-agreement", "Community Agreement", Visibility.Public, rules, Now.AddDays(-30));
        var v1 = new[] { new Clause(Guid.NewGuid(), "Purpose", "We litigate together.", []) };
        var source = new DraftSource(agreement, 1, v1, v1, [], new HashSet<Guid>());
        IReadOnlyList<Voter> electorate = [new(AuthorId, null)];
        var facilitator = As(FacilitatorId, AgreementRole.Facilitator);
        var proposal = Proposal() with { Changes = [new AmendClause(v1[0].Id, null, "We litigate together, across Europe.")] };

        string? Call(Proposal p, Standing s, CallVote command, IReadOnlyList<Voter> voters) => Detail(CallVoteEndpoint.Validate(command, p, s, agreement, source, voters, At));

        Call(proposal, facilitator, new CallVote(null), electorate).ShouldBeNull();
        Call(proposal, As(AuthorId, AgreementRole.Member), new CallVote(null), electorate).ShouldStartWith("403 This needs the facilitator role");
        Call(proposal with { RevisedAt = Now.AddHours(-1) }, facilitator, new CallVote(null), electorate)
            .ShouldBe("409 The rules ask for 3 days of discussion of the proposal's current text, which was last revised at 2026-12-01 11:00:00Z. A vote can be called from 2026-12-04 11:00:00Z.");
        Call(proposal, facilitator, new CallVote(Now.AddMinutes(-1)), electorate).ShouldBe("422 'closesAt' must be in the future and within a year; it is now 2026-12-01 12:00:00Z.");
        Call(proposal, facilitator, new CallVote(Now.AddDays(400)), electorate).ShouldStartWith("422 'closesAt' must be in the future and within a year");
        Call(proposal, facilitator, new CallVote(null), []).ShouldBe("409 No one may vote: the agreement has no members or facilitators.");
        Call(proposal with { Status = ProposalStatus.Voting }, facilitator, new CallVote(null), electorate).ShouldBe("409 A vote is already open on this proposal.");
        Call(proposal with { Status = ProposalStatus.Conflicted }, facilitator, new CallVote(null), electorate)
            .ShouldBe("409 This proposal conflicts with a later version; its author must revise it before a vote can be called.");
        Call(proposal with { Status = ProposalStatus.Ratified }, facilitator, new CallVote(null), electorate).ShouldBe("409 This proposal is ratified; there is nothing left to vote on.");
        Call(proposal with { Changes = [new AmendClause(Guid.NewGuid(), null, "x")] }, facilitator, new CallVote(null), electorate).ShouldStartWith("422 Change 1 (amend): there is no clause");
    }

    [Fact]
    public void members_are_managed_by_facilitators_and_an_agreement_always_keeps_one()
    {
        var agreement = new Agreement(AgreementId, "community-agreement", "Community Agreement", Visibility.Public, DecisionRules.Default, Now) { Facilitators = [FacilitatorId] };
        var facilitator = As(FacilitatorId, AgreementRole.Facilitator);
        var person = new Participant(OtherId, "Ben Okafor", "ben@example.org", null, Now);

        Detail(SetMemberRoleEndpoint.Validate(new SetMemberRole(AgreementRole.Member), agreement, person, OtherId, facilitator)).ShouldBeNull();
        Detail(SetMemberRoleEndpoint.Validate(new SetMemberRole(AgreementRole.Member), agreement, null, OtherId, facilitator))
            .ShouldBe($"422 There is no participant {OtherId}. The administrator registers participants (POST /participants).");
        Detail(SetMemberRoleEndpoint.Validate(new SetMemberRole(AgreementRole.Member), agreement, person, FacilitatorId, facilitator))
            .ShouldBe("409 This is the agreement's only facilitator. Make someone else facilitator first.");
        Detail(RemoveMemberEndpoint.Validate(agreement, FacilitatorId, new AgreementMembership("x", AgreementId, FacilitatorId, AgreementRole.Facilitator), facilitator))
            .ShouldBe("409 This is the agreement's only facilitator. Make someone else facilitator first.");
        Detail(RemoveMemberEndpoint.Validate(agreement, OtherId, null, facilitator)).ShouldStartWith("404 ");
        Detail(RemoveMemberEndpoint.Validate(agreement, OtherId, null, As(AuthorId, AgreementRole.Member))).ShouldStartWith("403 This needs the facilitator role");
    }

    [Fact]
    public void removing_a_voter_takes_them_out_of_each_open_vote_and_closes_those_in_which_everyone_left_has_voted()
    {
        var everyone = OpenVote(DecisionRules.Default with { CloseWhenAllVoted = true }, new Voter(AuthorId, null), new Voter(OtherId, null));
        everyone = everyone.Apply(new BallotCast(everyone.Id, everyone.ProposalId, AgreementId, AuthorId, Choice.Agree, null, AuthorId.ToString(), Now));
        var deadline = OpenVote(DecisionRules.Default with { CloseWhenAllVoted = false }, new Voter(AuthorId, null), new Voter(OtherId, null));
        var without = OpenVote(DecisionRules.Default, new Voter(AuthorId, null));

        var (left, closes) = Electorate.Leave(new LockedVotes([everyone, deadline, without]), OtherId, Electorate.Removed, FacilitatorId.ToString(), Now);

        left.Count().ShouldBe(2);
        closes.ShouldHaveSingleItem().ShouldBe(new CloseVote(everyone.Id, ClosedBecause.AllVoted));
    }
}
