using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Comments;

public sealed record EditComment(string Body);

public sealed class EditCommentValidator : AbstractValidator<EditComment>
{
    public EditCommentValidator() => RuleFor(x => x.Body).NotEmpty().MaximumLength(Comment.MaxBodyLength);
}

public static class EditCommentEndpoint
{
    public static Task<Standing> LoadAsync(Comment comment, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Standing.LoadAsync(session, comment.AgreementId, user, ct);

    public static ProblemDetails Validate(EditComment command, Comment comment, Standing standing) =>
        standing.Require(AgreementRole.Observer).Then(() =>
            standing.Caller.ParticipantId() != comment.AuthorId ? Problems.Create(StatusCodes.Status403Forbidden, "Only the comment's author may edit it.")
            : comment.Hidden is not null ? Problems.Conflict("A facilitator has hidden this comment; it can no longer be edited.")
            : command.Body.Trim() == comment.Body ? Problems.Unprocessable("The comment already reads exactly so; the edit changes nothing.")
            : WolverineContinue.NoProblems);

    /// <summary>A new body for the author's own comment. Earlier bodies are kept, in its events: GET /comments/{id} shows the latest.</summary>
    [WolverinePut("/comments/{id}", OperationId = "editComment")]
    public static (CommentView, Events) Put(EditComment command, [WriteAggregate] Comment comment, ClaimsPrincipal user, TimeProvider clock)
    {
        var edited = new CommentEdited(comment.Id, comment.ProposalId, comment.AgreementId, command.Body.Trim(), user.Actor(), clock.GetUtcNow());
        return (CommentView.From(comment.Apply(edited), People.Of(user.AsPerson()), []), [edited]); // only the author edits
    }
}
