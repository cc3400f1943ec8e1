using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Organisations;

public static class ListOrganisationsEndpoint
{
    public static ProblemDetails Validate(int? page, int? pageSize) => Paging.Problem(page, pageSize);

    /// <summary>Every member organisation, by name, a page at a time.</summary>
    [WolverineGet("/organisations", OperationId = "listOrganisations")]
    [Authorize(Policy = Caller.AdministratorPolicy)]
    public static async Task<Paged<OrganisationView>> Get(int? page, int? pageSize, IQuerySession session, CancellationToken ct) =>
        (await Paging.Of(page, pageSize).ListAsync(session.Query<Organisation>(), q => q.OrderBy(o => o.Name).ThenBy(o => o.Id), ct)).Map(OrganisationView.From);
}
