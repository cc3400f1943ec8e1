using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Proposals;

public sealed record SubmitProposal(string Title, string Rationale, int? BaseVersion, IReadOnlyList<Change> Changes);

public sealed class SubmitProposalValidator : AbstractValidator<SubmitProposal>
{
    public SubmitProposalValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Rationale).NotEmpty().MaximumLength(20_000);
        RuleFor(x => x.BaseVersion).NotNull().GreaterThanOrEqualTo(1);
        RuleFor(x => x.Changes).ValidChanges();
    }
}

public static class SubmitProposalEndpoint
{
    public static async Task<Drafted> LoadAsync(Guid id, SubmitProposal command, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var access = await session.RequireAsync(id, user, AgreementRole.Member, ct, asParticipant: true);
        return access == WolverineContinue.NoProblems
            ? await Drafting.PrepareAsync(session, id, command.BaseVersion!.Value, command.Changes, ct)
            : Drafted.Refused(access);
    }

    public static ProblemDetails Validate(Drafted drafted) => drafted.Problem;

    /// <summary>
    /// A proposal against <c>baseVersion</c>. When the agreement has moved on but not where the changes apply,
    /// it is rebased onto the current version.
    /// </summary>
    [WolverinePost("/agreements/{id}/proposals", OperationId = "submitProposal")]
    public static (Created<ProposalView>, IStartStream) Post(Guid id, [FromBody] SubmitProposal command, Drafted drafted, ClaimsPrincipal user, TimeProvider clock)
    {
        var (baseVersion, rebasedFrom) = drafted.Base;
        var submitted = new ProposalSubmitted(Guid.CreateVersion7(), id, user.ParticipantId()!.Value, command.Title.Trim(), command.Rationale.Trim(),
            baseVersion, rebasedFrom, drafted.Draft!.Changes, user.Actor(), clock.GetUtcNow());
        return (TypedResults.Created($"/proposals/{submitted.ProposalId}", ProposalView.From(Proposal.Create(submitted))),
            MartenOps.StartStream<Proposal>(submitted.ProposalId, submitted));
    }
}
