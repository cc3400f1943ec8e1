using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Participants;
using AgreementService.Proposals;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Comments;

public static class ListCommentsEndpoint
{
    public static Task<(Proposal?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Proposal.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>The discussion, threaded: replies nest under the comment they answer.</summary>
    [WolverineGet("/proposals/{id}/comments", OperationId = "listComments")]
    public static async Task<IReadOnlyList<CommentView>> Get(Guid id, IQuerySession session, CancellationToken ct)
    {
        var comments = await session.Query<Comment>().Where(c => c.ProposalId == id).ToListAsync(ct);
        var names = (await session.LoadManyAsync<Participant>(ct, comments.Select(c => c.AuthorId).Distinct())).ToDictionary(p => p.Id, p => p.Name);
        return CommentView.Threads(comments, names);
    }
}
