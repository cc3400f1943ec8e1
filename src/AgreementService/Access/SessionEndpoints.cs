using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace AgreementService.Access;

/// <summary>A session as its owner sees it: never its secret.</summary>
/// <param name="Id">Names it, to end it (DELETE /me/sessions/{id}).</param>
/// <param name="CreatedAt">When the sign-in began it.</param>
/// <param name="LastSeenAt">When it was last used (to within five minutes).</param>
/// <param name="EndsAt">When it ends unless used before: 14 days after its last use, and never more than 90 after it began.</param>
/// <param name="UserAgent">The browser that signed in, as it named itself.</param>
/// <param name="Current">Whether this request came with it.</param>
public sealed record SessionView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset EndsAt, string? UserAgent, bool Current);

public static class SessionEndpoints
{
    /// <summary>The caller's signed-in browsers, the most recently used first (none for the administrator's token, which is no one's).</summary>
    [WolverineGet("/me/sessions", OperationId = "listMySessions")]
    public static async Task<IReadOnlyList<SessionView>> Get(ClaimsPrincipal user, HttpContext context, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var current = context.Items[SessionCookie.CurrentKey] as Guid?;
        return (await MineAsync(user, session, ct)).Where(s => s.Ends() > now).OrderByDescending(s => s.LastSeenAt)
            .Select(s => new SessionView(s.SessionId, s.CreatedAt, s.LastSeenAt, s.Ends(), s.UserAgent, s.SessionId == current)).ToList();
    }

    /// <summary>Ends one of the caller's sessions at once. Idempotent: a session that is not (or no longer) the caller's changes nothing and still answers 204.</summary>
    [WolverineDelete("/me/sessions/{sessionId}", OperationId = "endMySession")]
    [EmptyResponse]
    public static async Task Delete(Guid sessionId, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        foreach (var mine in (await MineAsync(user, session, ct)).Where(s => s.SessionId == sessionId))
        {
            session.Delete(mine);
        }
    }

    /// <summary>"Sign out everywhere": every session of the caller ends at once, this one too. Bearer tokens are revoked apart (DELETE /participants/{id}/tokens).</summary>
    [WolverineDelete("/me/sessions", OperationId = "endAllMySessions")]
    [EmptyResponse]
    public static async Task DeleteAll(ClaimsPrincipal user, HttpContext context, IDocumentSession session, CancellationToken ct)
    {
        foreach (var mine in await MineAsync(user, session, ct))
        {
            session.Delete(mine);
        }

        SessionCookie.Clear(context);
    }

    private static async Task<IReadOnlyList<BrowserSession>> MineAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        user.ParticipantId() is { } id ? await session.Query<BrowserSession>().Where(s => s.ParticipantId == id).ToListAsync(ct) : [];
}

[AllowAnonymous]
public static class SignOutEndpoint
{
    /// <summary>Ends the session of this browser's cookie, if it has one, and removes the cookie. Always 204.</summary>
    [WolverinePost("/sign-out", OperationId = "signOut")]
    [EmptyResponse]
    public static void Post(HttpContext context, IDocumentSession session)
    {
        if (SessionCookie.Hash(context) is { } hash)
        {
            session.Delete<BrowserSession>(hash);
        }

        SessionCookie.Clear(context);
    }
}
