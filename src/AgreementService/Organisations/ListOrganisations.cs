using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace AgreementService.Organisations;

public static class ListOrganisationsEndpoint
{
    [WolverineGet("/organisations", OperationId = "listOrganisations")]
    [Authorize(Policy = Caller.AdministratorPolicy)]
    public static async Task<IReadOnlyList<OrganisationView>> Get(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Organisation>().OrderBy(o => o.Name).ToListAsync(ct)).Select(OrganisationView.From).ToList();
}
