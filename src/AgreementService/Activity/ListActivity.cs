using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Activity;

public sealed record ActivityPage(IReadOnlyList<ActivityEntry> Items, int Page, int PageSize, long Total);

public static class ListActivityEndpoint
{
    public const int MaxPageSize = 200;

    /// <summary>Far beyond any trail's end (a million pages of 200), and small enough that the offset is always a number.</summary>
    public const int MaxPage = 1_000_000;

    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(int? page, int? pageSize, Standing standing) =>
        page is < 1 or > MaxPage || pageSize < 1 || pageSize > MaxPageSize
            ? Problems.Create(StatusCodes.Status400BadRequest, $"'page' is between 1 and {MaxPage} and 'pageSize' between 1 and {MaxPageSize}.")
            : standing.Require(AgreementRole.Observer);

    /// <summary>The audit trail: every event of the agreement, newest first, a page at a time (page from 1, pageSize up to 200, default 50).</summary>
    [WolverineGet("/agreements/{id}/activity", OperationId = "listActivity")]
    public static async Task<ActivityPage> Get(Guid id, int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        var (number, size) = (page ?? 1, pageSize ?? 50);
        var entries = session.Query<ActivityEntry>().Where(a => a.AgreementId == id);
        var total = await entries.CountAsync(ct);
        var items = await entries.OrderByDescending(a => a.Sequence).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new ActivityPage(items, number, size, total);
    }
}
