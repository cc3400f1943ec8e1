using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using AgreementService.Publishing;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Agreements;

public static class ListAgreementsEndpoint
{
    public static ProblemDetails Validate(int? page, int? pageSize) => Paging.Problem(page, pageSize);

    /// <summary>The agreements the caller is a member of (the administrator sees them all), by title, a page at a time.</summary>
    [WolverineGet("/agreements", OperationId = "listAgreements")]
    public static async Task<Paged<AgreementSummary>> Get(int? page, int? pageSize, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var participantId = user.ParticipantId() ?? Guid.Empty;
        var roles = (await session.Query<AgreementMembership>().Where(m => m.ParticipantId == participantId).ToListAsync(ct))
            .ToDictionary(m => m.AgreementId, m => (AgreementRole?)m.Role);
        var agreements = user.IsAdministrator() ? session.Query<Agreement>() : session.Query<Agreement>().Where(a => a.Id.IsOneOf(roles.Keys.ToArray()));
        return (await Paging.Of(page, pageSize).ListAsync(agreements, q => q.OrderBy(a => a.Title).ThenBy(a => a.Id)
                .Select(a => new Listed(a.Id, a.Slug, a.Title, a.Visibility, a.CurrentVersion)), ct))
            .Map(a => new AgreementSummary(a.Id, a.Slug, a.Title, a.Visibility, a.Version, roles.GetValueOrDefault(a.Id)));
    }

    private sealed record Listed(Guid Id, string Slug, string Title, Visibility Visibility, int Version);
}

public static class GetAgreementEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>
    /// The current text. By Accept: application/json, text/html, text/markdown, or a document to download: PDF, Word
    /// (with Word's own numbering and heading styles) or Akoma Ntoso 3.0.
    /// </summary>
    [WolverineGet("/agreements/{id}", OperationId = "getAgreement")]
    [ProducesResponseType(typeof(AgreementView), 200, Representation.Json, Representation.Html, Representation.Markdown, Exports.Pdf, Exports.Word,
        Exports.AkomaNtoso)]
    public static async Task<IResult> Get(Guid id, HttpContext context, PublicCache cache, IQuerySession session, CancellationToken ct)
    {
        var agreement = (await session.LoadAsync<Agreement>(id, ct))!;
        return await Publication.KeptAsync(context, cache, session, agreement, agreement.CurrentVersion, agreement.CurrentVersion, diff: false,
            Representation.Private, ct);
    }
}

public static class ListVersionsEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(int? page, int? pageSize, Standing standing) =>
        standing.Require(AgreementRole.Observer).Then(() => Paging.Problem(page, pageSize));

    /// <summary>The agreement's versions, oldest (the founding text, 1) first, a page at a time.</summary>
    [WolverineGet("/agreements/{id}/versions", OperationId = "listVersions")]
    public static Task<Paged<VersionSummary>> Get(Guid id, int? page, int? pageSize, IQuerySession session, CancellationToken ct) =>
        Paging.Of(page, pageSize).ListAsync(session.Query<AgreementVersion>().Where(v => v.AgreementId == id),
            q => q.OrderBy(v => v.Number).Select(v => new VersionSummary(v.Number, v.RatifiedAt, v.ProposalId, v.Title)), ct);
}

public static class GetVersionEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>That version's full text, in the same shape and the same formats as the current text.</summary>
    [WolverineGet("/agreements/{id}/versions/{number}", OperationId = "getVersion")]
    [ProducesResponseType(typeof(AgreementView), 200, Representation.Json, Representation.Html, Representation.Markdown, Exports.Pdf, Exports.Word,
        Exports.AkomaNtoso)]
    public static async Task<IResult> Get(Guid id, int number, HttpContext context, PublicCache cache, IQuerySession session, CancellationToken ct) =>
        await Publication.KeptAsync(context, cache, session, (await session.LoadAsync<Agreement>(id, ct))!, number, number, diff: false, Representation.Private, ct);
}
