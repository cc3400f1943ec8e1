using AgreementService.Agreements;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Wolverine.Http;

namespace AgreementService.Publishing;

/// <summary>
/// The public API for partner sites: the ratified text of public agreements, without a token, cacheable, open to
/// any origin, and rate limited per address. Members-only agreements do not exist here (404). Each route answers
/// HEAD as it answers GET (status and headers, Content-Length and ETag included), without the body (see
/// Infrastructure/HeadRequests.cs). A HEAD method marks the loaded agreement [NotBody]: Wolverine.Http reads the first
/// complex parameter of any method but GET from the request body.
/// </summary>
[AllowAnonymous, EnableCors(Policy), EnableRateLimiting(Policy)]
public static class PublicAgreementsEndpoint
{
    public const string Policy = "public";

    public static Task<Agreement?> LoadAsync(string slug, PublicCache cache, IQuerySession session, CancellationToken ct) =>
        cache.AgreementAsync(slug, async () => await session.Query<Agreement>().Where(a => a.Slug == slug && a.Visibility == Visibility.Public).FirstOrDefaultAsync(ct));

    public static ProblemDetails Validate(Agreement? agreement) =>
        agreement is null ? Problems.Create(StatusCodes.Status404NotFound, "There is no public agreement with that slug.") : WolverineContinue.NoProblems;

    /// <summary>
    /// The current text of a public agreement, by Accept: application/json, text/html (a fragment to embed), text/markdown,
    /// or a document to download: PDF, Word or Akoma Ntoso 3.0.
    /// </summary>
    [WolverineGet("/public/agreements/{slug}", OperationId = "getPublicAgreement")]
    [ProducesResponseType(typeof(AgreementView), 200, Representation.Json, Representation.Html, Representation.Markdown, Exports.Pdf, Exports.Word, Exports.AkomaNtoso)]
    public static Task<IResult> Get(Agreement agreement, HttpContext context, PublicCache cache, IQuerySession session, CancellationToken ct) =>
        Publication.KeptAsync(context, cache, session, agreement, agreement.CurrentVersion, agreement.CurrentVersion, diff: false, Representation.Current, ct);

    /// <summary>The headers GET would answer (ETag, Content-Length, Cache-Control), without the text.</summary>
    [WolverineHead("/public/agreements/{slug}", OperationId = "headPublicAgreement")]
    [ProducesResponseType(typeof(AgreementView), 200, Representation.Json, Representation.Html, Representation.Markdown, Exports.Pdf, Exports.Word, Exports.AkomaNtoso)] // the headers of GET's answer (ETag, Cache-Control), which HeadersOnly leaves bodiless
    public static Task<IResult> Head([NotBody] Agreement agreement, HttpContext context, PublicCache cache, IQuerySession session, CancellationToken ct) =>
        Get(agreement, context, cache, session, ct);
}

[AllowAnonymous, EnableCors(PublicAgreementsEndpoint.Policy), EnableRateLimiting(PublicAgreementsEndpoint.Policy)]
public static class PublicVersionEndpoint
{
    public static Task<Agreement?> LoadAsync(string slug, PublicCache cache, IQuerySession session, CancellationToken ct) =>
        PublicAgreementsEndpoint.LoadAsync(slug, cache, session, ct);

    public static ProblemDetails Validate(Agreement? agreement) => PublicAgreementsEndpoint.Validate(agreement);

    /// <summary>Any version of a public agreement, in the same formats. A version never changes, so it may be cached for good.</summary>
    [WolverineGet("/public/agreements/{slug}/versions/{number}", OperationId = "getPublicVersion")]
    [ProducesResponseType(typeof(AgreementView), 200, Representation.Json, Representation.Html, Representation.Markdown, Exports.Pdf, Exports.Word, Exports.AkomaNtoso)]
    public static Task<IResult> Get(Agreement agreement, int number, HttpContext context, PublicCache cache, IQuerySession session, CancellationToken ct) =>
        Publication.KeptAsync(context, cache, session, agreement, number, number, diff: false, Representation.Immutable, ct);

    /// <summary>The headers GET would answer for that version, without the text.</summary>
    [WolverineHead("/public/agreements/{slug}/versions/{number}", OperationId = "headPublicVersion")]
    [ProducesResponseType(typeof(AgreementView), 200, Representation.Json, Representation.Html, Representation.Markdown, Exports.Pdf, Exports.Word, Exports.AkomaNtoso)] // the headers of GET's answer (ETag, Cache-Control), which HeadersOnly leaves bodiless
    public static Task<IResult> Head([NotBody] Agreement agreement, int number, HttpContext context, PublicCache cache, IQuerySession session, CancellationToken ct) =>
        Get(agreement, number, context, cache, session, ct);
}

[AllowAnonymous, EnableCors(PublicAgreementsEndpoint.Policy), EnableRateLimiting(RateLimits.Comparisons)]
public static class PublicDiffEndpoint
{
    public static Task<Agreement?> LoadAsync(string slug, PublicCache cache, IQuerySession session, CancellationToken ct) =>
        PublicAgreementsEndpoint.LoadAsync(slug, cache, session, ct);

    public static ProblemDetails Validate(Agreement? agreement) => PublicAgreementsEndpoint.Validate(agreement);

    /// <summary>What changed between two versions of a public agreement, as the members' diff.</summary>
    [WolverineGet("/public/agreements/{slug}/diff", OperationId = "diffPublicVersions")]
    [ProducesResponseType(typeof(AgreementDiff), 200, Representation.Json, Representation.Html, Representation.Markdown, Representation.UnifiedDiff)]
    public static Task<IResult> Get(Agreement agreement, int? from, int? to, HttpContext context, PublicCache cache, IQuerySession session, CancellationToken ct)
    {
        var (older, newer) = Publication.DiffRange(agreement, from, to);
        return Publication.KeptAsync(context, cache, session, agreement, older, newer, diff: true,
            from is not null && to is not null ? Representation.Immutable : Representation.Current, ct);
    }

    /// <summary>The headers GET would answer for that diff, without the diff.</summary>
    [WolverineHead("/public/agreements/{slug}/diff", OperationId = "headPublicDiff")]
    [ProducesResponseType(typeof(AgreementDiff), 200, Representation.Json, Representation.Html, Representation.Markdown, Representation.UnifiedDiff)] // the headers of GET's answer (ETag, Cache-Control), which HeadersOnly leaves bodiless
    public static Task<IResult> Head([NotBody] Agreement agreement, int? from, int? to, HttpContext context, PublicCache cache, IQuerySession session, CancellationToken ct) =>
        Get(agreement, from, to, context, cache, session, ct);
}
