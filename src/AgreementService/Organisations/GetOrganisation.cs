using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Organisations;

public static class GetOrganisationEndpoint
{
    public static Task<Organisation?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) => session.LoadAsync<Organisation>(id, ct);

    public static ProblemDetails Validate(Organisation? organisation) => organisation is null ? Problems.NotFound("organisation") : WolverineContinue.NoProblems;

    /// <summary>One member organisation (the administrator only).</summary>
    [WolverineGet("/organisations/{id}", OperationId = "getOrganisation")]
    [Authorize(Policy = Caller.AdministratorPolicy)]
    public static OrganisationView Get(Organisation organisation) => OrganisationView.From(organisation);
}
