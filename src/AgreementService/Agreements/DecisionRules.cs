using FluentValidation;

namespace AgreementService.Agreements;

public enum DecisionMethod
{
    Consent,
    Consensus,
    Majority,
    Supermajority,
}

public enum VotingUnit
{
    Participant,
    Organisation,
}

/// <summary>How an agreement decides; set by facilitators and snapshotted into each vote when it is called.</summary>
public sealed record DecisionRules(
    DecisionMethod Method,
    decimal Threshold,
    decimal Quorum,
    VotingUnit VotingUnit,
    int BlocksToFail,
    double MinDiscussionHours,
    double DefaultVotingHours,
    bool CloseWhenAllVoted,
    double RemindHoursBefore = DecisionRules.DefaultRemindHoursBefore)
{
    /// <summary>Voters who have not voted are reminded a day before the deadline, unless the rules say otherwise (0: never).</summary>
    public const double DefaultRemindHoursBefore = 24;

    /// <summary>
    /// A new agreement decides by consent: it passes unless blocked, once half the community has taken part,
    /// after three days of discussion and a week of voting.
    /// </summary>
    public static readonly DecisionRules Default = new(DecisionMethod.Consent, 0.6667m, 0.5m, VotingUnit.Participant, 1, 72, 168, false);
}

/// <summary>
/// The rules as a facilitator sends them: every field must be given, so that nothing changes by omission — except
/// <c>remindHoursBefore</c>, added later, which keeps its current value when left out (clients written before it existed
/// still work and change nothing they do not know of). <c>remindHoursBefore</c> is how many hours before the deadline the
/// voters who have not voted are reminded by email; 0 sends no reminder.
/// </summary>
public sealed record DecisionRulesInput(
    DecisionMethod? Method,
    decimal? Threshold,
    decimal? Quorum,
    VotingUnit? VotingUnit,
    int? BlocksToFail,
    double? MinDiscussionHours,
    double? DefaultVotingHours,
    bool? CloseWhenAllVoted,
    double? RemindHoursBefore = null)
{
    public DecisionRules ToRules(DecisionRules current) => new(Method!.Value, Threshold!.Value, Quorum!.Value, VotingUnit!.Value, BlocksToFail!.Value,
        MinDiscussionHours!.Value, DefaultVotingHours!.Value, CloseWhenAllVoted!.Value, RemindHoursBefore ?? current.RemindHoursBefore);
}

public sealed class DecisionRulesValidator : AbstractValidator<DecisionRulesInput>
{
    public DecisionRulesValidator()
    {
        RuleFor(x => x.Method).NotNull();
        RuleFor(x => x.Threshold).NotNull().InclusiveBetween(0.5m, 1.0m);
        RuleFor(x => x.Quorum).NotNull().InclusiveBetween(0m, 1m);
        RuleFor(x => x.VotingUnit).NotNull();
        RuleFor(x => x.BlocksToFail).NotNull().GreaterThanOrEqualTo(1);
        RuleFor(x => x.MinDiscussionHours).NotNull().InclusiveBetween(0, 24 * 365);
        RuleFor(x => x.DefaultVotingHours).NotNull().GreaterThan(0).LessThanOrEqualTo(24 * 365);
        RuleFor(x => x.CloseWhenAllVoted).NotNull();
        RuleFor(x => x.RemindHoursBefore).InclusiveBetween(0, 24 * 365);
    }
}
