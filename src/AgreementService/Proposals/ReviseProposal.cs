using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
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
    /// <summary>The caller's standing and, for the author of a draft, what the new changes are checked against.</summary>
    public static async Task<(Standing, DraftSource?)> LoadAsync(Proposal proposal, ReviseProposal command, ClaimsPrincipal user, IQuerySession session,
        CancellationToken ct)
    {
        var standing = await Standing.LoadAsync(session, proposal.AgreementId, user, ct);
        return (standing, Authorship.Require(standing, proposal, "revise", "revised") == WolverineContinue.NoProblems
            ? await DraftSource.LoadAsync(session, (await session.LoadAsync<Agreement>(proposal.AgreementId, ct))!, command.BaseVersion!.Value, command.Changes, ct)
            : null);
    }

    public static ProblemDetails Validate(ReviseProposal command, Proposal proposal, Standing standing, DraftSource? source) =>
        Authorship.Require(standing, proposal, "revise", "revised").Then(() => source!.Problem(command.Changes)); // loaded for the author of a draft

    /// <summary>New changes for the proposal, by its author while no vote is open on it. Every revision is kept.</summary>
    [WolverinePost("/proposals/{id}/revisions", OperationId = "reviseProposal")]
    public static (ProposalView, Events) Post([WriteAggregate] Proposal proposal, [FromBody] ReviseProposal command, DraftSource source, ClaimsPrincipal user,
        TimeProvider clock)
    {
        var (baseVersion, rebasedFrom) = source.Base;
        var revised = new ProposalRevised(proposal.Id, proposal.AgreementId, proposal.Revision + 1, baseVersion, rebasedFrom, source.Prepare(command.Changes).Changes,
            string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(), user.Actor(), clock.GetUtcNow());
        return (ProposalView.From(proposal.Apply(revised), user.AsPerson()), [revised]); // only the author revises
    }
}
