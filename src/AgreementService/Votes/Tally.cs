using AgreementService.Agreements;
using AgreementService.Infrastructure;

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
/// participants, or organisations when the rules vote by organisation (a member without one is a unit of their own).
/// <c>Left</c> counts the voters who left the electorate after the vote was called (removed, or made observers):
/// they are not among the eligible, and their ballots do not count.
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
    string Explanation,
    int Left = 0);

/// <summary>
/// Counts a vote under the rules it was called with. Pure: the same rules, electorate and ballots give the same
/// tally. Shares are compared exactly; only the words round. The rules in words are in docs/decision-rules.md.
/// </summary>
public static class Tallying
{
    public static TallyResult Count(DecisionRules rules, IReadOnlyList<Voter> electorate, IReadOnlyList<Ballot> ballots, int left = 0)
    {
        var units = Units(rules, electorate).Count;
        var counted = Counted(rules, electorate, ballots).Select(b => b.Choice).ToList();
        var (agree, abstain, objecting, block) = (Of(Choice.Agree), Of(Choice.Abstain), Of(Choice.Object), Of(Choice.Block));
        var cast = counted.Count;
        var quorumNeeded = (int)Math.Ceiling(rules.Quorum * units);
        var quorumMet = cast >= quorumNeeded;
        var unitWord = UnitWord(rules, electorate);

        // Under majority and supermajority a block that does not stop the proposal still weighs as an objection.
        var against = objecting + block;
        decimal? share = agree + against == 0 ? null : (decimal)agree / (agree + against);
        var ofWhom = block > 0 ? "of those who agreed, objected or blocked" : "of those who agreed or objected";
        var blocksWeigh = block > 0 ? $" and {Words.Plural(block, "block")} (a block weighs as an objection)" : "";
        var passedOver = objecting > 0 ? $"; {Words.Plural(objecting, "objection")} recorded" : "";

        var (passed, why) = (cast, quorumMet, block >= rules.BlocksToFail, rules.Method) switch
        {
            (0, _, _, _) => (false, left == 0
                ? "no one voted, and a vote in which no one took part never passes"
                : "no ballot of the electorate counts (those who left it are not counted), and a vote without a ballot never passes"),
            (_, false, _, _) => (false, $"only {cast} of {units} eligible {unitWord} voted; the quorum of {Words.Percent(rules.Quorum)} needs {quorumNeeded}"),
            (_, _, true, _) => (false, $"{Words.Plural(block, "block")}; {(rules.BlocksToFail == 1 ? "a single block stops a proposal" : $"{rules.BlocksToFail} blocks stop a proposal")}"),
            (_, _, _, DecisionMethod.Consent) => (true, block == 0
                ? $"consent: no block{passedOver}"
                : $"consent: {Words.Plural(block, "block")}, fewer than the {rules.BlocksToFail} that would stop it{passedOver}"),
            (_, _, _, DecisionMethod.Consensus) when objecting + block > 0 =>
                (false, $"consensus needs no objection and no block; there {(objecting == 1 ? "was" : "were")} {Words.Plural(objecting, "objection")} and {Words.Plural(block, "block")}"),
            (_, _, _, DecisionMethod.Consensus) => (true, "consensus: no objection and no block"),
            (_, _, _, DecisionMethod.Majority) when agree > against => (true, $"majority: {agree} agree against {objecting} object{blocksWeigh}"),
            (_, _, _, DecisionMethod.Majority) =>
                (false, $"a majority needs more agree than object; {agree} agreed against {objecting} objected{(block > 0 ? $" and {block} blocked (a block weighs as an objection)" : "")}"),
            (_, _, _, DecisionMethod.Supermajority) when agree > 0 && agree >= rules.Threshold * (agree + against) =>
                (true, $"supermajority: {Words.Percents(share!.Value, rules.Threshold).Share} agreed {ofWhom}, at least the {Words.Percent(rules.Threshold)} needed"),
            (_, _, _, DecisionMethod.Supermajority) when share is null =>
                (false, $"a supermajority of {Words.Percent(rules.Threshold)} is needed, and no one agreed or objected"),
            (_, _, _, DecisionMethod.Supermajority) => Short(Words.Percents(share!.Value, rules.Threshold)),
            _ => (false, "the decision method is not known"),
        };

        var figures = $"{cast} of {units} eligible {unitWord} voted: {agree} agree, {abstain} abstain, {objecting} object, {block} block. " +
                      $"Quorum: {quorumNeeded} of {units} ({Words.Percent(rules.Quorum)}), {(quorumMet ? "met" : "not met")}.";
        var leftWords = left == 0 ? "" : $" {Words.Plural(left, "voter")} left the electorate after the vote was called (removed, or made an observer) and {(left == 1 ? "is" : "are")} not counted.";
        return new TallyResult(passed ? Outcome.Passed : Outcome.Failed, rules.VotingUnit, units, cast, agree, abstain, objecting, block,
            quorumNeeded, quorumMet, rules.Method == DecisionMethod.Supermajority ? rules.Threshold : null, share,
            $"{(passed ? "Passed" : "Failed")}: {why}. ({figures}{leftWords})", left);

        int Of(Choice choice) => counted.Count(c => c == choice);

        (bool, string) Short((string Share, string Threshold) percents) =>
            (false, $"{percents.Share} agreed {ofWhom}; the rules need {percents.Threshold}");
    }

    /// <summary>
    /// The ballots that count: one per unit, the last cast by any of its voters still in the electorate. Under voting by
    /// organisation, a colleague's later ballot replaces an earlier one, which stays in the vote's record uncounted.
    /// </summary>
    public static IEnumerable<Ballot> Counted(DecisionRules rules, IReadOnlyList<Voter> electorate, IReadOnlyList<Ballot> ballots)
    {
        var unitOf = electorate.ToDictionary(v => v.ParticipantId, v => Unit(rules, v));
        return ballots
            .Where(b => unitOf.ContainsKey(b.VoterId))
            .GroupBy(b => unitOf[b.VoterId])
            .Select(g => g.OrderBy(b => b.CastAt).Last());
    }

    /// <summary>The distinct voting units of an electorate: its voters, or its organisations and members without one.</summary>
    public static IReadOnlySet<Guid> Units(DecisionRules rules, IReadOnlyList<Voter> electorate) => electorate.Select(v => Unit(rules, v)).ToHashSet();

    /// <summary>The unit a voter votes in: themself, or their organisation (members without one vote as themselves).</summary>
    public static Guid Unit(DecisionRules rules, Voter voter) =>
        rules.VotingUnit == VotingUnit.Organisation && voter.OrganisationId is { } organisation ? organisation : voter.ParticipantId;

    /// <summary>"voters"; under voting by organisation "organisations", or "units" when some members vote as themselves.</summary>
    public static string UnitWord(DecisionRules rules, IReadOnlyList<Voter> electorate) =>
        rules.VotingUnit == VotingUnit.Participant ? "voters"
        : electorate.All(v => v.OrganisationId is not null) ? "organisations"
        : "units (organisations, and members without one)";
}
