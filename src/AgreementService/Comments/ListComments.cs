using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Comments;

public static class ListCommentsEndpoint
{
    public static Task<(Proposal?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Proposal.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(int? page, int? pageSize, Standing standing) =>
        standing.Require(AgreementRole.Observer).Then(() => Paging.Problem(page, pageSize));

    /// <summary>
    /// The discussion, threaded (replies nest under the comment they answer), a page of comments at a time. A page holds
    /// up to <c>pageSize</c> comments, nested or not, in the discussion's order, so a thread may go on on the next page; a
    /// page that begins inside a thread shows those replies at its top, each with the <c>replyTo</c> it belongs under.
    /// <c>total</c> counts every comment.
    /// </summary>
    [WolverineGet("/proposals/{id}/comments", OperationId = "listComments")]
    public static async Task<Paged<CommentView>> Get(Guid id, int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        // Every comment's place, never its body, to find the page; then the page's comments in full.
        var places = await session.Query<Comment>().Where(c => c.ProposalId == id).Select(c => new CommentPlace(c.Id, c.ReplyTo, c.PostedAt)).ToListAsync(ct);
        var placed = Paging.Of(page, pageSize).Slice(CommentView.Order(places));
        var comments = (await session.LoadManyAsync<Comment>(ct, placed.Items.Select(p => p.Id))).ToDictionary(c => c.Id);
        var people = await People.LoadAsync(session, CommentView.PeopleIn(comments.Values), ct);
        return new Paged<CommentView>(CommentView.Threads(placed.Items, comments, people), placed.Page, placed.PageSize, placed.Total);
    }
}
