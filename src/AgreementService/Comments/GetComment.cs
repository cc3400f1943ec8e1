using System.Security.Claims;
using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Comments;

public static class GetCommentEndpoint
{
    public static Task<(Comment?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Standing.LoadAsync<Comment>(session, id, c => c.AgreementId, "comment", user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>
    /// One comment, as the discussion shows it (its replies are in the proposal's threads), with its latest 50 earlier
    /// bodies, oldest first (<c>edits</c> counts them all).
    /// </summary>
    [WolverineGet("/comments/{id}", OperationId = "getComment")]
    public static async Task<CommentView> Get(Comment comment, IQuerySession session, CancellationToken ct) =>
        CommentView.From(comment, await People.LoadAsync(session, CommentView.PeopleIn([comment]), ct), [], await Comment.HistoryAsync(session, comment, ct));
}
