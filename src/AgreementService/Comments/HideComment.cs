using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Comments;

public sealed record HideComment(string Reason);

public sealed class HideCommentValidator : AbstractValidator<HideComment>
{
    public HideCommentValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(2_000);
}

public static class HideCommentEndpoint
{
    /// <summary>The caller's standing, and the comment's author, whom the answer names.</summary>
    public static async Task<(Standing, People)> LoadAsync(Comment comment, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        (await Standing.LoadAsync(session, comment.AgreementId, user, ct), await People.LoadAsync(session, [comment.AuthorId], ct));

    public static ProblemDetails Validate(Comment comment, Standing standing) =>
        standing.Require(AgreementRole.Facilitator).Then(() =>
            comment.Hidden is not null ? Problems.Conflict($"This comment was already hidden at {comment.Hidden.At:u}.") : WolverineContinue.NoProblems);

    /// <summary>A facilitator hides a comment from the discussion, saying why. It stays in the audit trail.</summary>
    [WolverinePost("/comments/{id}/hide", OperationId = "hideComment")]
    public static (CommentView, Events) Post(HideComment command, [WriteAggregate] Comment comment, People author, ClaimsPrincipal user, TimeProvider clock)
    {
        var hidden = new CommentHidden(comment.Id, comment.ProposalId, comment.AgreementId, command.Reason.Trim(), user.Actor(), clock.GetUtcNow());
        return (CommentView.From(comment.Apply(hidden), People.Of(author.Of(comment.AuthorId), user.AsPerson()), []), [hidden]);
    }
}
