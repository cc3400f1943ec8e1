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
        { DecisionMethod.Consent, 0.6667m, 1, [A, O, O, S], Outcome.Passed, "Passed: consent: 0 blocks" },
        { DecisionMethod.Consent, 0.6667m, 1, [A, A, A, B], Outcome.Failed, "Failed: 1 block; the rules allow at most 0" },
        { DecisionMethod.Consent, 0.6667m, 2, [A, A, A, B], Outcome.Passed, "Passed: consent: 1 block, fewer than the 2" },
        { DecisionMethod.Consent, 0.6667m, 2, [A, B, A, B], Outcome.Failed, "Failed: 2 blocks; the rules allow at most 1" },
        { DecisionMethod.Consensus, 0.6667m, 1, [A, A, S, S], Outcome.Passed, "Passed: consensus: no objection and no block" },
        { DecisionMethod.Consensus, 0.6667m, 1, [A, A, A, O], Outcome.Failed, "Failed: consensus needs no objection and no block; there was 1 objection and 0 blocks" },
        { DecisionMethod.Consensus, 0.6667m, 3, [A, A, A, B], Outcome.Failed, "Failed: consensus needs no objection" },
        { DecisionMethod.Majority, 0.6667m, 1, [A, A, O, S], Outcome.Passed, "Passed: majority: 2 agree against 1 object" },
        { DecisionMethod.Majority, 0.6667m, 1, [A, O, S, S], Outcome.Failed, "Failed: a majority needs more agree than object; 1 agreed and 1 objected" },
        { DecisionMethod.Majority, 0.6667m, 1, [A, A, A, B], Outcome.Failed, "Failed: 1 block" },
        { DecisionMethod.Supermajority, 0.6667m, 1, [A, A, O, S], Outcome.Passed, "Passed: supermajority: 66.67% agreed" },
        { DecisionMethod.Supermajority, 0.75m, 1, [A, A, O, S], Outcome.Failed, "Failed: 66.67% agreed of those who agreed or objected; the rules need 75%" },
        { DecisionMethod.Supermajority, 0.75m, 1, [A, A, A, O], Outcome.Passed, "Passed: supermajority: 75% agreed" },
        { DecisionMethod.Supermajority, 0.6667m, 1, [S, S, null, null], Outcome.Failed, "Failed: a supermajority of 66.67% is needed, and no one agreed or objected" },
        { DecisionMethod.Consent, 0.6667m, 1, [A, null, null, null], Outcome.Failed, "Failed: only 1 of 4 eligible voters voted; the quorum of 50% needs 2" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void each_method_decides_as_the_rules_say_and_explains_why(DecisionMethod method, decimal threshold, int blocksToFail, Choice?[] choices,
        Outcome outcome, string explanation)
    {
        var (voters, ballots) = Vote(choices);

        var tally = Tally.Count(Consent with { Method = method, Threshold = threshold, BlocksToFail = blocksToFail }, voters, ballots);

        tally.Outcome.ShouldBe(outcome);
        tally.Explanation.ShouldStartWith(explanation);
        (tally.Eligible, tally.Cast).ShouldBe((4, choices.Count(c => c is not null)));
        tally.Explanation.ShouldEndWith($"({tally.Cast} of 4 eligible voters voted: {tally.Agree} agree, {tally.Abstain} abstain, {tally.Object} object, {tally.Block} block.)");
    }

    [Fact]
    public void a_voters_last_ballot_is_the_one_that_counts()
    {
        var voter = new Voter(Guid.NewGuid(), null);
        Ballot[] ballots = [new(voter.ParticipantId, B, "No", DateTimeOffset.UnixEpoch), new(voter.ParticipantId, A, null, DateTimeOffset.UnixEpoch.AddSeconds(1))];

        var tally = Tally.Count(Consent, [voter], ballots);

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

        var tally = Tally.Count(Consent with { Method = DecisionMethod.Majority, VotingUnit = VotingUnit.Organisation }, voters, ballots);

        (tally.Eligible, tally.Cast, tally.Agree, tally.Object).ShouldBe((3, 2, 1, 1));
        tally.Explanation.ShouldContain("2 of 3 eligible organisations voted");
    }

    [Fact]
    public void ballots_from_voters_who_were_not_eligible_are_not_counted()
    {
        var (voters, ballots) = Vote(A, null);
        ballots.Add(new Ballot(Guid.NewGuid(), B, "Not eligible", DateTimeOffset.UnixEpoch));

        Tally.Count(Consent, voters, ballots).Block.ShouldBe(0);
    }

    private static readonly Gen<(DecisionRules Rules, Choice?[] Choices)> Votes =
        Gen.Select(Gen.Enum<DecisionMethod>(), Gen.Int[50, 100], Gen.Int[0, 100], Gen.Int[1, 3],
                Gen.Int[0, 4].Select(i => i == 4 ? (Choice?)null : (Choice)i).Array[1, 30])
            .Select((method, threshold, quorum, blocks, choices) =>
                (DecisionRules.Default with { Method = method, Threshold = threshold / 100m, Quorum = quorum / 100m, BlocksToFail = blocks }, choices));

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
            var before = Tally.Count(rules, voters, ballots);
            ballots[ballots.FindIndex(b => b.Choice == O)] = ballots.First(b => b.Choice == O) with { Choice = A };

            var after = Tally.Count(rules, voters, ballots);

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
            var before = Tally.Count(rules, voters, ballots);
            var voter = new Voter(Guid.NewGuid(), null);

            var after = Tally.Count(rules, [.. voters, voter], [.. ballots, new Ballot(voter.ParticipantId, B, "No", DateTimeOffset.UnixEpoch)]);

            if (before.Outcome == Outcome.Failed && before.QuorumMet)
            {
                after.Outcome.ShouldBe(Outcome.Failed);
            }
        }, iter: 500);
    }

    [Fact]
    public void every_figure_adds_up_and_each_unit_counts_at_most_once()
    {
        Votes.Sample((rules, choices) =>
        {
            var (voters, ballots) = Vote(choices);

            var tally = Tally.Count(rules, voters, ballots);

            (tally.Agree + tally.Abstain + tally.Object + tally.Block).ShouldBe(tally.Cast);
            tally.Cast.ShouldBeLessThanOrEqualTo(tally.Eligible);
            tally.QuorumMet.ShouldBe(tally.Cast >= tally.QuorumNeeded);
            if (tally.Outcome == Outcome.Passed)
            {
                tally.Block.ShouldBeLessThan(rules.BlocksToFail);
                tally.QuorumMet.ShouldBeTrue();
            }
        }, iter: 500);
    }
}
