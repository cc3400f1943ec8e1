using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgreementService.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AgreementService.Publishing;

/// <summary>
/// One resource offered as JSON and as text renderings, chosen by the Accept header, with a strong ETag over the
/// exact bytes (If-None-Match answers 304), Cache-Control, and Vary: Accept.
/// </summary>
public sealed class Representation(object json, IReadOnlyDictionary<string, Func<string>> renderings, string cacheControl) : IResult
{
    public const string Json = "application/json";
    public const string Html = "text/html";
    public const string Markdown = "text/markdown";
    public const string UnifiedDiff = "text/x-diff";

    /// <summary>A version's text never changes: caches may keep it for good.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>The current text changes when a proposal is ratified: caches check back after a minute.</summary>
    public const string Current = "public, max-age=60, must-revalidate";

    /// <summary>Members' reads: only the caller's own cache, always revalidated.</summary>
    public const string Private = "private, no-cache";

    public async Task ExecuteAsync(HttpContext context)
    {
        var offered = renderings.Keys.Prepend(Json).ToList();
        var chosen = Choose(context.Request.Headers.Accept.ToString(), offered);
        context.Response.Headers.Vary = "Accept";
        if (chosen is null)
        {
            await Problems.WriteAsync(context, Problems.Create(StatusCodes.Status406NotAcceptable,
                $"This resource is available as {string.Join(", ", offered)}. Ask for one of them in the Accept header."));
            return;
        }

        var body = Encoding.UTF8.GetBytes(chosen == Json
            ? JsonSerializer.Serialize(json, json.GetType(), context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions)
            : renderings[chosen]());
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = cacheControl;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = $"{chosen}; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
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
