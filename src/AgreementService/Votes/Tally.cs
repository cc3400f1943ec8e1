using AgreementService.Agreements;

namespace AgreementService.Votes;

public enum Choice
{
    Agree,
    Abstain,
    Object,
    Block,
}

public enum Outcome
{
    Passed,
    Failed,
}

/// <summary>Someone who may vote, as recorded when the vote was called.</summary>
public sealed record Voter(Guid ParticipantId, Guid? OrganisationId);

public sealed record Ballot(Guid VoterId, Choice Choice, string? Reason, DateTimeOffset CastAt);

/// <summary>
/// The counted result of a vote: every figure that decided it and, in words, why. Counts are of voting units:
/// participants, or organisations when the rules vote by organisation.
/// </summary>
public sealed record TallyResult(
    Outcome Outcome,
    VotingUnit Unit,
    int Eligible,
    int Cast,
    int Agree,
    int Abstain,
    int Object,
    int Block,
    int QuorumNeeded,
    bool QuorumMet,
    decimal? Threshold,
    decimal? Share,
    string Explanation);

/// <summary>Counts a vote under the rules it was called with. Pure: the same rules, voters and ballots give the same tally.</summary>
public static class Tally
{
    public static TallyResult Count(DecisionRules rules, IReadOnlyList<Voter> eligible, IReadOnlyList<Ballot> ballots)
    {
        var unitOf = eligible.ToDictionary(v => v.ParticipantId, v => Unit(rules, v));
        var units = unitOf.Values.Distinct().Count();

        // One ballot per unit: under voting by organisation, the last cast by any of its eligible members counts.
        var counted = ballots
            .Where(b => unitOf.ContainsKey(b.VoterId))
            .GroupBy(b => unitOf[b.VoterId])
            .Select(g => g.OrderBy(b => b.CastAt).Last().Choice)
            .ToList();
        var (agree, abstain, objecting, block) = (Of(Choice.Agree), Of(Choice.Abstain), Of(Choice.Object), Of(Choice.Block));
        var cast = counted.Count;
        var quorumNeeded = (int)Math.Ceiling(rules.Quorum * units);
        var quorumMet = cast >= quorumNeeded;
        decimal? share = agree + objecting == 0 ? null : Math.Round((decimal)agree / (agree + objecting), 4);
        var unitWord = rules.VotingUnit == VotingUnit.Organisation ? "organisations" : "voters";

        var (passed, why) = (quorumMet, block >= rules.BlocksToFail, rules.Method) switch
        {
            (false, _, _) => (false, $"only {cast} of {units} eligible {unitWord} voted; the quorum of {rules.Quorum * 100:0.##}% needs {quorumNeeded}"),
            (_, true, _) => (false, $"{Plural(block, "block")}; the rules allow at most {rules.BlocksToFail - 1}"),
            (_, _, DecisionMethod.Consent) => (true, $"consent: {Plural(block, "block")}, fewer than the {rules.BlocksToFail} that would stop it"),
            (_, _, DecisionMethod.Consensus) when objecting + block > 0 =>
                (false, $"consensus needs no objection and no block; there {(objecting + block == 1 ? "was" : "were")} {Plural(objecting, "objection")} and {Plural(block, "block")}"),
            (_, _, DecisionMethod.Consensus) => (true, "consensus: no objection and no block"),
            (_, _, DecisionMethod.Majority) when agree > objecting => (true, $"majority: {agree} agree against {objecting} object"),
            (_, _, DecisionMethod.Majority) => (false, $"a majority needs more agree than object; {agree} agreed and {objecting} objected"),
            (_, _, DecisionMethod.Supermajority) when share >= rules.Threshold =>
                (true, $"supermajority: {share * 100:0.##}% agreed of those who agreed or objected, at least the {rules.Threshold * 100:0.##}% needed"),
            (_, _, DecisionMethod.Supermajority) => (false, share is null
                ? $"a supermajority of {rules.Threshold * 100:0.##}% is needed, and no one agreed or objected"
                : $"{share * 100:0.##}% agreed of those who agreed or objected; the rules need {rules.Threshold * 100:0.##}%"),
            _ => (false, "the decision method is not known"),
        };

        var figures = $"{cast} of {units} eligible {unitWord} voted: {agree} agree, {abstain} abstain, {objecting} object, {block} block";
        return new TallyResult(passed ? Outcome.Passed : Outcome.Failed, rules.VotingUnit, units, cast, agree, abstain, objecting, block,
            quorumNeeded, quorumMet, rules.Method == DecisionMethod.Supermajority ? rules.Threshold : null, share,
            $"{(passed ? "Passed" : "Failed")}: {why}. ({figures}.)");

        int Of(Choice choice) => counted.Count(c => c == choice);
    }

    /// <summary>The unit a voter votes in: themself, or their organisation (members without one vote as themselves).</summary>
    public static Guid Unit(DecisionRules rules, Voter voter) =>
        rules.VotingUnit == VotingUnit.Organisation && voter.OrganisationId is { } organisation ? organisation : voter.ParticipantId;

    private static string Plural(int count, string word) => count == 1 ? $"1 {word}" : $"{count} {word}s";
}
