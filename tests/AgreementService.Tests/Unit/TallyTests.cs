using AgreementService.Agreements;
using AgreementService.Votes;
using CsCheck;

namespace AgreementService.Tests.Unit;

public sealed class TallyTests
{
    private static readonly DecisionRules Consent = DecisionRules.Default with { Quorum = 0.5m };

    private static (IReadOnlyList<Voter> Voters, List<Ballot> Ballots) Vote(params Choice?[] choices)
    {
        var voters = choices.Select(_ => new Voter(Guid.NewGuid(), null)).ToList();
        var ballots = choices.Select((c, i) => c is null ? null : new Ballot(voters[i].ParticipantId, c.Value, null, DateTimeOffset.UnixEpoch.AddMinutes(i)))
            .OfType<Ballot>().ToList();
        return (voters, ballots);
    }

    private const Choice A = Choice.Agree, S = Choice.Abstain, O = Choice.Object, B = Choice.Block;

    public static TheoryData<DecisionMethod, decimal, int, Choice?[], Outcome, string> Cases => new()
    {
        // method, threshold, blocksToFail, ballots (null: did not vote), outcome, explanation starts with
        { DecisionMethod.Consent, 0.6667m, 1, [A, O, O, S], Outcome.Passed, "Passed: consent: no block; 2 objections recorded." },
        { DecisionMethod.Consent, 0.6667m, 1, [A, A, S, S], Outcome.Passed, "Passed: consent: no block." },
        { DecisionMethod.Consent, 0.6667m, 1, [A, A, A, B], Outcome.Failed, "Failed: 1 block; a single block stops a proposal." },
        { DecisionMethod.Consent, 0.6667m, 2, [A, O, A, B], Outcome.Passed, "Passed: consent: 1 block, fewer than the 2 that would stop it; 1 objection recorded." },
        { DecisionMethod.Consent, 0.6667m, 2, [A, B, A, B], Outcome.Failed, "Failed: 2 blocks; 2 blocks stop a proposal." },
        { DecisionMethod.Consensus, 0.6667m, 1, [A, A, S, S], Outcome.Passed, "Passed: consensus: no objection and no block." },
        { DecisionMethod.Consensus, 0.6667m, 1, [A, A, A, O], Outcome.Failed, "Failed: consensus needs no objection and no block; there was 1 objection and 0 blocks." },
        { DecisionMethod.Consensus, 0.6667m, 3, [A, A, A, B], Outcome.Failed, "Failed: consensus needs no objection and no block; there were 0 objections and 1 block." },
        { DecisionMethod.Majority, 0.6667m, 1, [A, A, O, S], Outcome.Passed, "Passed: majority: 2 agree against 1 object." },
        { DecisionMethod.Majority, 0.6667m, 1, [A, O, S, S], Outcome.Failed, "Failed: a majority needs more agree than object; 1 agreed against 1 objected." },
        { DecisionMethod.Majority, 0.6667m, 1, [A, A, A, B], Outcome.Failed, "Failed: 1 block; a single block stops a proposal." },
        // A block the rules do not let stop the proposal still weighs as an objection.
        { DecisionMethod.Majority, 0.6667m, 3, [A, B, B, S], Outcome.Failed, "Failed: a majority needs more agree than object; 1 agreed against 0 objected and 2 blocked (a block weighs as an objection)." },
        { DecisionMethod.Majority, 0.6667m, 3, [A, A, A, B], Outcome.Passed, "Passed: majority: 3 agree against 0 object and 1 block (a block weighs as an objection)." },
        { DecisionMethod.Supermajority, 0.6666m, 1, [A, A, O, S], Outcome.Passed, "Passed: supermajority: 66.67% agreed of those who agreed or objected, at least the 66.66% needed." },
        // Shares are compared exactly: two thirds is less than 66.67%; the words show as many decimals as it takes to see it.
        { DecisionMethod.Supermajority, 0.6667m, 1, [A, A, O, S], Outcome.Failed, "Failed: 66.667% agreed of those who agreed or objected; the rules need 66.67%." },
        { DecisionMethod.Supermajority, 0.66669m, 1, [A, A, O, S], Outcome.Failed, "Failed: 66.667% agreed of those who agreed or objected; the rules need 66.669%." },
        { DecisionMethod.Supermajority, 0.75m, 1, [A, A, O, S], Outcome.Failed, "Failed: 66.67% agreed of those who agreed or objected; the rules need 75%." },
        { DecisionMethod.Supermajority, 0.75m, 1, [A, A, A, O], Outcome.Passed, "Passed: supermajority: 75% agreed of those who agreed or objected, at least the 75% needed." },
        { DecisionMethod.Supermajority, 0.8m, 3, [A, A, A, B], Outcome.Failed, "Failed: 75% agreed of those who agreed, objected or blocked; the rules need 80%." },
        { DecisionMethod.Supermajority, 0.6667m, 1, [S, S, null, null], Outcome.Failed, "Failed: a supermajority of 66.67% is needed, and no one agreed or objected." },
        { DecisionMethod.Consent, 0.6667m, 1, [A, null, null, null], Outcome.Failed, "Failed: only 1 of 4 eligible voters voted; the quorum of 50% needs 2." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void each_method_decides_as_the_rules_say_and_explains_why(DecisionMethod method, decimal threshold, int blocksToFail, Choice?[] choices,
        Outcome outcome, string explanation)
    {
        var (voters, ballots) = Vote(choices);

        var tally = Tallying.Count(Consent with { Method = method, Threshold = threshold, BlocksToFail = blocksToFail }, voters, ballots);

        tally.Outcome.ShouldBe(outcome);
        tally.Explanation.ShouldStartWith(explanation);
        (tally.Eligible, tally.Cast).ShouldBe((4, choices.Count(c => c is not null)));
        tally.Explanation.ShouldEndWith($"({tally.Cast} of 4 eligible voters voted: {tally.Agree} agree, {tally.Abstain} abstain, {tally.Object} object, {tally.Block} block. " +
                                        $"Quorum: 2 of 4 (50%), {(tally.QuorumMet ? "met" : "not met")}.)");
    }

    [Theory]
    [InlineData(0, "no one voted, and a vote in which no one took part never passes")]
    [InlineData(0.5, "no one voted")]
    public void a_vote_in_which_no_one_took_part_never_passes_whatever_the_quorum(double quorum, string why)
    {
        var (voters, ballots) = Vote(null, null, null);

        var tally = Tallying.Count(Consent with { Quorum = (decimal)quorum }, voters, ballots);

        tally.Outcome.ShouldBe(Outcome.Failed);
        tally.Explanation.ShouldStartWith($"Failed: {why}");
        tally.Explanation.ShouldContain(quorum == 0 ? "Quorum: 0 of 3 (0%), met." : "Quorum: 2 of 3 (50%), not met.");
    }

    [Fact]
    public void a_vote_whose_only_ballots_came_from_voters_who_left_says_so_and_fails()
    {
        var (voters, ballots) = Vote(A, null);

        var tally = Tallying.Count(Consent with { Quorum = 0 }, voters.Skip(1).ToList(), ballots, left: 1);

        tally.Outcome.ShouldBe(Outcome.Failed);
        tally.Explanation.ShouldStartWith("Failed: no ballot of the electorate counts (those who left it are not counted), and a vote without a ballot never passes.");
    }

    [Fact]
    public void voters_who_left_the_electorate_are_said_and_not_counted()
    {
        var (voters, ballots) = Vote(A, O);

        var tally = Tallying.Count(Consent with { Method = DecisionMethod.Majority }, voters.Take(1).ToList(), ballots, left: 1);

        (tally.Eligible, tally.Cast, tally.Object, tally.Left, tally.Outcome).ShouldBe((1, 1, 0, 1, Outcome.Passed));
        tally.Explanation.ShouldEndWith("1 voter left the electorate after the vote was called (removed, or made an observer) and is not counted.)");
    }

    [Fact]
    public void a_voters_last_ballot_is_the_one_that_counts()
    {
        var voter = new Voter(Guid.NewGuid(), null);
        Ballot[] ballots = [new(voter.ParticipantId, B, "No", DateTimeOffset.UnixEpoch), new(voter.ParticipantId, A, null, DateTimeOffset.UnixEpoch.AddSeconds(1))];

        var tally = Tallying.Count(Consent, [voter], ballots);

        (tally.Cast, tally.Agree, tally.Block, tally.Outcome).ShouldBe((1, 1, 0, Outcome.Passed));
    }

    [Fact]
    public void under_voting_by_organisation_each_organisation_counts_once_by_its_last_ballot()
    {
        var (roma, digital) = (Guid.NewGuid(), Guid.NewGuid());
        Voter[] voters = [new(Guid.NewGuid(), roma), new(Guid.NewGuid(), roma), new(Guid.NewGuid(), digital), new(Guid.NewGuid(), null)];
        Ballot[] ballots =
        [
            new(voters[0].ParticipantId, A, null, DateTimeOffset.UnixEpoch.AddMinutes(1)),
            new(voters[1].ParticipantId, O, null, DateTimeOffset.UnixEpoch.AddMinutes(2)),
            new(voters[2].ParticipantId, A, null, DateTimeOffset.UnixEpoch.AddMinutes(3)),
        ];

        var tally = Tallying.Count(Consent with { Method = DecisionMethod.Majority, VotingUnit = VotingUnit.Organisation }, voters, ballots);

        (tally.Eligible, tally.Cast, tally.Agree, tally.Object).ShouldBe((3, 2, 1, 1));
        tally.Explanation.ShouldContain("2 of 3 eligible units (organisations, and members without one) voted");
    }

    [Fact]
    public void under_voting_by_organisation_a_colleagues_later_ballot_replaces_a_block_which_stays_in_the_record_uncounted()
    {
        var roma = Guid.NewGuid();
        Voter[] voters = [new(Guid.NewGuid(), roma), new(Guid.NewGuid(), roma), new(Guid.NewGuid(), Guid.NewGuid())];
        Ballot[] ballots =
        [
            new(voters[0].ParticipantId, B, "Not in our name", DateTimeOffset.UnixEpoch.AddMinutes(1)),
            new(voters[1].ParticipantId, A, null, DateTimeOffset.UnixEpoch.AddMinutes(2)),
            new(voters[2].ParticipantId, A, null, DateTimeOffset.UnixEpoch.AddMinutes(3)),
        ];
        var rules = Consent with { VotingUnit = VotingUnit.Organisation };

        var tally = Tallying.Count(rules, voters, ballots);

        (tally.Eligible, tally.Cast, tally.Agree, tally.Block, tally.Outcome).ShouldBe((2, 2, 2, 0, Outcome.Passed));
        tally.Explanation.ShouldContain("2 of 2 eligible organisations voted");
        Tallying.Counted(rules, voters, ballots).ShouldNotContain(ballots[0]);
    }

    [Fact]
    public void ballots_from_voters_who_were_not_eligible_are_not_counted()
    {
        var (voters, ballots) = Vote(A, null);
        ballots.Add(new Ballot(Guid.NewGuid(), B, "Not eligible", DateTimeOffset.UnixEpoch));

        Tallying.Count(Consent, voters, ballots).Block.ShouldBe(0);
    }

    private static readonly Gen<(DecisionRules Rules, Choice?[] Choices)> Votes =
        Gen.Select(Gen.Enum<DecisionMethod>(), Gen.Int[5_000, 10_000], Gen.Int[0, 100], Gen.Int[1, 3],
                Gen.Int[0, 4].Select(i => i == 4 ? (Choice?)null : (Choice)i).Array[1, 30])
            .Select((method, threshold, quorum, blocks, choices) =>
                (DecisionRules.Default with { Method = method, Threshold = threshold / 10_000m, Quorum = quorum / 100m, BlocksToFail = blocks }, choices));

    [Fact]
    public void under_majority_and_supermajority_turning_an_objection_into_agreement_never_turns_a_pass_into_a_fail()
    {
        Votes.Sample((rules, choices) =>
        {
            var index = Array.IndexOf(choices, O);
            if (index < 0 || rules.Method is DecisionMethod.Consent or DecisionMethod.Consensus)
            {
                return;
            }

            var (voters, ballots) = Vote(choices);
            var before = Tallying.Count(rules, voters, ballots);
            ballots[ballots.FindIndex(b => b.Choice == O)] = ballots.First(b => b.Choice == O) with { Choice = A };

            var after = Tallying.Count(rules, voters, ballots);

            if (before.Outcome == Outcome.Passed)
            {
                after.Outcome.ShouldBe(Outcome.Passed);
            }
        }, iter: 500);
    }

    [Fact]
    public void under_every_method_one_more_block_never_turns_a_fail_into_a_pass()
    {
        Votes.Sample((rules, choices) =>
        {
            var (voters, ballots) = Vote(choices);
            var before = Tallying.Count(rules, voters, ballots);
            var voter = new Voter(Guid.NewGuid(), null);

            var after = Tallying.Count(rules, [.. voters, voter], [.. ballots, new Ballot(voter.ParticipantId, B, "No", DateTimeOffset.UnixEpoch)]);

            if (before.Outcome == Outcome.Failed && before.QuorumMet)
            {
                after.Outcome.ShouldBe(Outcome.Failed);
            }
        }, iter: 500);
    }

    [Fact]
    public void under_majority_and_supermajority_a_block_too_few_to_stop_it_weighs_exactly_as_an_objection()
    {
        Votes.Sample((rules, choices) =>
        {
            if (rules.Method is DecisionMethod.Consent or DecisionMethod.Consensus || choices.Count(c => c == B) >= rules.BlocksToFail)
            {
                return;
            }

            var (voters, ballots) = Vote(choices);
            var asObjections = ballots.Select(b => b.Choice == B ? b with { Choice = O } : b).ToList();

            Tallying.Count(rules, voters, ballots).Outcome.ShouldBe(Tallying.Count(rules, voters, asObjections).Outcome);
        }, iter: 500);
    }

    [Fact]
    public void every_figure_adds_up_and_each_unit_counts_at_most_once()
    {
        Votes.Sample((rules, choices) =>
        {
            var (voters, ballots) = Vote(choices);

            var tally = Tallying.Count(rules, voters, ballots);

            (tally.Agree + tally.Abstain + tally.Object + tally.Block).ShouldBe(tally.Cast);
            tally.Cast.ShouldBeLessThanOrEqualTo(tally.Eligible);
            tally.QuorumMet.ShouldBe(tally.Cast >= tally.QuorumNeeded);
            if (tally.Outcome == Outcome.Passed)
            {
                tally.Block.ShouldBeLessThan(rules.BlocksToFail);
                tally.QuorumMet.ShouldBeTrue();
                tally.Cast.ShouldBeGreaterThan(0);
                tally.Explanation.ShouldContain($"Quorum: {tally.QuorumNeeded} of {tally.Eligible}");
            }

            if (tally is { Outcome: Outcome.Passed, Threshold: { } threshold })
            {
                ((decimal)tally.Agree / (tally.Agree + tally.Object + tally.Block)).ShouldBeGreaterThanOrEqualTo(threshold, "compared exactly");
            }
        }, iter: 500);
    }
}
