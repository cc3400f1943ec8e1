using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Proposals;

public sealed record ReviseProposal(int? BaseVersion, IReadOnlyList<Change> Changes, string? Note);

public sealed class ReviseProposalValidator : AbstractValidator<ReviseProposal>
{
    public ReviseProposalValidator()
    {
        RuleFor(x => x.BaseVersion).NotNull().GreaterThanOrEqualTo(1);
        RuleFor(x => x.Changes).ValidChanges();
        RuleFor(x => x.Note).MaximumLength(2_000);
    }
}

public static class ReviseProposalEndpoint
{
    public static async Task<Drafted> LoadAsync(Proposal proposal, ReviseProposal command, ClaimsPrincipal user, IQuerySession session,
        CancellationToken ct)
    {
        var allowed = await Drafting.RequireAuthorOfDraftAsync(session, proposal, user, "revise", ct);
        return allowed == WolverineContinue.NoProblems
            ? await Drafting.PrepareAsync(session, proposal.AgreementId, command.BaseVersion!.Value, command.Changes, ct)
            : Drafted.Refused(allowed);
    }

    public static ProblemDetails Validate(Drafted drafted) => drafted.Problem;

    /// <summary>New changes for the proposal, by its author while no vote is open on it. Every revision is kept.</summary>
    [WolverinePost("/proposals/{id}/revisions", OperationId = "reviseProposal")]
    public static (ProposalView, Events) Post([WriteAggregate] Proposal proposal, [FromBody] ReviseProposal command, Drafted drafted, ClaimsPrincipal user,
        TimeProvider clock)
    {
        var (baseVersion, rebasedFrom) = drafted.Base;
        var revised = new ProposalRevised(proposal.Id, proposal.AgreementId, proposal.Revision + 1, baseVersion, rebasedFrom, drafted.Draft!.Changes,
            string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(), user.Actor(), clock.GetUtcNow());
        return (ProposalView.From(proposal.Apply(revised)), [revised]);
    }
}
