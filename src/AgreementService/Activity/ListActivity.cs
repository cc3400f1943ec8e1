using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Activity;

public static class ListActivityEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(int? page, int? pageSize, Standing standing) =>
        standing.Require(AgreementRole.Observer).Then(() => Paging.Problem(page, pageSize));

    /// <summary>The audit trail: every event of the agreement, newest first, a page at a time.</summary>
    [WolverineGet("/agreements/{id}/activity", OperationId = "listActivity")]
    public static async Task<Paged<ActivityView>> Get(Guid id, int? page, int? pageSize, IQuerySession session, CancellationToken ct) =>
        (await Paging.Of(page, pageSize).ListAsync(session.Query<ActivityEntry>().Where(a => a.AgreementId == id), q => q.OrderByDescending(a => a.Sequence), ct))
            .Map(ActivityView.From);
}
