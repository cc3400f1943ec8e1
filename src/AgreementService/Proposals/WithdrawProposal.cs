using System.Security.Claims;
using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Proposals;

public static class WithdrawProposalEndpoint
{
    public static Task<Standing> LoadAsync(Proposal proposal, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Standing.LoadAsync(session, proposal.AgreementId, user, ct);

    public static ProblemDetails Validate(Proposal proposal, Standing standing) => Authorship.Require(standing, proposal, "withdraw", "withdrawn");

    /// <summary>The author takes the proposal back while it is still open. It stays in the record as withdrawn.</summary>
    [WolverinePost("/proposals/{id}/withdraw", OperationId = "withdrawProposal")]
    public static (ProposalView, Events) Post([WriteAggregate] Proposal proposal, ClaimsPrincipal user, TimeProvider clock)
    {
        var withdrawn = new ProposalWithdrawn(proposal.Id, proposal.AgreementId, user.Actor(), clock.GetUtcNow());
        return (ProposalView.From(proposal.Apply(withdrawn), user.AsPerson()), [withdrawn]); // only the author withdraws
    }
}
