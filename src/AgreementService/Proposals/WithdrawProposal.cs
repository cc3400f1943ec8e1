using System.Security.Claims;
using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Proposals;

public static class WithdrawProposalEndpoint
{
    public static Task<ProblemDetails> ValidateAsync(Proposal proposal, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Drafting.RequireAuthorOfDraftAsync(session, proposal, user, "withdraw", ct);

    /// <summary>The author takes the proposal back while it is still open. It stays in the record as withdrawn.</summary>
    [WolverinePost("/proposals/{id}/withdraw", OperationId = "withdrawProposal")]
    public static (ProposalView, Events) Post([WriteAggregate] Proposal proposal, ClaimsPrincipal user, TimeProvider clock)
    {
        var withdrawn = new ProposalWithdrawn(proposal.Id, proposal.AgreementId, user.Actor(), clock.GetUtcNow());
        return (ProposalView.From(proposal.Apply(withdrawn)), [withdrawn]);
    }
}
