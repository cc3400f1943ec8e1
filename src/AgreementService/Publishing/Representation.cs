using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgreementService.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AgreementService.Publishing;

/// <summary>
/// One resource offered as JSON and as renderings (text, or documents to download: PDF, Word, Akoma Ntoso), chosen by
/// the Accept header, with a strong ETag over the exact bytes (If-None-Match answers 304, compared weakly as RFC 9110
/// asks), Cache-Control, and Vary: Accept. A document comes as an attachment named <paramref name="fileName"/> with its
/// extension ("litigation-charter-version-3.pdf").
/// </summary>
public sealed class Representation(object json, IReadOnlyDictionary<string, Func<byte[]>> renderings, string cacheControl, string? fileName = null) : IResult
{
    public const string Json = "application/json";
    public const string Html = "text/html";
    public const string Markdown = "text/markdown";
    public const string UnifiedDiff = "text/x-diff";

    /// <summary>A version's text never changes: caches may keep it for good.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>The current text changes when a proposal is ratified: caches check back after a minute.</summary>
    public const string Current = "public, max-age=60, must-revalidate";

    /// <summary>Members' reads: never stored, as no answer to credentials is (its ETag still tells a client that nothing changed).</summary>
    public const string Private = "no-store";

    public static readonly string[] VersionTypes = [Json, Html, Markdown, .. Exports.Kinds.Select(k => k.MediaType)];
    public static readonly string[] DiffTypes = [Json, Html, Markdown, UnifiedDiff];

    /// <summary>What a text rendering is as bytes: UTF-8.</summary>
    public static Func<byte[]> Utf8(Func<string> render) => () => Encoding.UTF8.GetBytes(render());

    public Task ExecuteAsync(HttpContext context)
    {
        var offered = renderings.Keys.Prepend(Json).ToList();
        return Choose(context.Request.Headers.Accept.ToString(), offered) is { } chosen
            ? WriteAsync(context, Render(chosen, context), cacheControl)
            : NotAcceptableAsync(context, offered);
    }

    /// <summary>The bytes of one rendering and their strong ETag.</summary>
    public Rendered Render(string mediaType, HttpContext context)
    {
        var body = mediaType == Json
            ? JsonSerializer.SerializeToUtf8Bytes(json, json.GetType(), context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions)
            : renderings[mediaType]();
        return new Rendered(body, $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"", mediaType,
            fileName is not null && Exports.Of(mediaType) is { } document ? fileName + document.Extension : null);
    }

    /// <summary>Writes a rendering, or 304 when the client already holds these bytes (If-None-Match).</summary>
    public static async Task WriteAsync(HttpContext context, Rendered rendered, string cacheControl)
    {
        context.Response.Headers.Vary = "Accept";
        context.Response.Headers.ETag = rendered.ETag;
        context.Response.Headers.CacheControl = cacheControl;
        if (Holds(context.Request, rendered.ETag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = Exports.Of(rendered.MediaType) is { Binary: true } ? rendered.MediaType : $"{rendered.MediaType}; charset=utf-8";
        if (rendered.FileName is { } name)
        {
            context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name, FileName = name }.ToString();
        }

        context.Response.ContentLength = rendered.Body.Length;
        await context.Response.Body.WriteAsync(rendered.Body);
    }

    /// <summary>
    /// Whether If-None-Match names the tag, by the weak comparison RFC 9110 (§13.1.2) gives it: W/"x" matches "x",
    /// any tag of a list may match, and * matches whatever exists. A header that does not parse matches nothing.
    /// </summary>
    public static bool Holds(HttpRequest request, string etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var held)
        && held.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(EntityTagHeaderValue.Parse(etag), useStrongComparison: false));

    public static Task NotAcceptableAsync(HttpContext context, IReadOnlyList<string> offered)
    {
        context.Response.Headers.Vary = "Accept";
        return Problems.WriteAsync(context, Problems.Create(StatusCodes.Status406NotAcceptable,
            $"This resource is available as {string.Join(", ", offered)}. Ask for one of them in the Accept header."));
    }

    /// <summary>The offered media type the Accept header likes best (by quality, then by the order offered); JSON when it says nothing.</summary>
    public static string? Choose(string accept, IReadOnlyList<string> offered)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return offered[0];
        }

        if (!MediaTypeHeaderValue.TryParseList(accept.Split(','), out var ranges))
        {
            return offered[0];
        }

        return ranges
            .Where(r => (r.Quality ?? 1) > 0)
            .OrderByDescending(r => r.Quality ?? 1)
            .SelectMany(r => offered.Where(o => new MediaTypeHeaderValue(o).IsSubsetOf(r)))
            .FirstOrDefault();
    }
}

public sealed record Rendered(byte[] Body, string ETag, string MediaType, string? FileName = null);

/// <summary>A rendering made earlier (and kept), written as any other.</summary>
public sealed class RenderedResult(Rendered rendered, string cacheControl) : IResult
{
    public Task ExecuteAsync(HttpContext context) => Representation.WriteAsync(context, rendered, cacheControl);
}
