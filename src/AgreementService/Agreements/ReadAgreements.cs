using System.Security.Claims;
using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Agreements;

public static class ListAgreementsEndpoint
{
    /// <summary>The agreements the caller is a member of; the administrator sees them all.</summary>
    [WolverineGet("/agreements", OperationId = "listAgreements")]
    public static async Task<IReadOnlyList<AgreementSummary>> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var participantId = user.ParticipantId() ?? Guid.Empty;
        var roles = (await session.Query<AgreementMembership>().Where(m => m.ParticipantId == participantId).ToListAsync(ct))
            .ToDictionary(m => m.AgreementId, m => (AgreementRole?)m.Role);
        var agreements = user.IsAdministrator()
            ? await session.Query<Agreement>().OrderBy(a => a.Title).ToListAsync(ct)
            : await session.Query<Agreement>().Where(a => a.Id.IsOneOf(roles.Keys.ToArray())).OrderBy(a => a.Title).ToListAsync(ct);
        return agreements.Select(a => new AgreementSummary(a.Id, a.Slug, a.Title, a.Visibility, a.CurrentVersion, roles.GetValueOrDefault(a.Id)))
            .ToList();
    }
}

public static class GetAgreementEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>The current text.</summary>
    [WolverineGet("/agreements/{id}", OperationId = "getAgreement")]
    public static async Task<AgreementView> Get(Guid id, IQuerySession session, CancellationToken ct)
    {
        var agreement = (await session.LoadAsync<Agreement>(id, ct))!;
        var version = (await session.LoadAsync<AgreementVersion>(AgreementVersion.IdFor(id, agreement.CurrentVersion), ct))!;
        return AgreementView.From(agreement, version);
    }
}

public static class ListVersionsEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    [WolverineGet("/agreements/{id}/versions", OperationId = "listVersions")]
    public static async Task<IReadOnlyList<VersionSummary>> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.Query<AgreementVersion>()
            .Where(v => v.AgreementId == id)
            .OrderBy(v => v.Number)
            .Select(v => new VersionSummary(v.Number, v.RatifiedAt, v.ProposalId, v.Title))
            .ToListAsync(ct);
}

public static class GetVersionEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>That version's full text, in the same shape as the current text.</summary>
    [WolverineGet("/agreements/{id}/versions/{number}", OperationId = "getVersion")]
    public static async Task<IResult> Get(Guid id, int number, IQuerySession session, CancellationToken ct)
    {
        var agreement = (await session.LoadAsync<Agreement>(id, ct))!;
        return await session.LoadAsync<AgreementVersion>(AgreementVersion.IdFor(id, number), ct) is { } version
            ? TypedResults.Ok(AgreementView.From(agreement, version))
            : TypedResults.Problem(AgreementVersion.Missing(agreement, number));
    }
}
