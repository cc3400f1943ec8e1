using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Comments;

/// <summary>A comment on a proposal, perhaps replying to another, perhaps anchored to a clause and a quoted span of it.</summary>
/// <param name="Body" example="Could we keep the word 'consent' here? It is what our members know.">What the comment says (plain text).</param>
/// <param name="ReplyTo">The comment it answers, if any.</param>
/// <param name="ClauseId">The clause it is about, if any.</param>
/// <param name="Quote" example="by consent">A span of that clause's text it is about, if any.</param>
public sealed record PostComment(string Body, Guid? ReplyTo, Guid? ClauseId, string? Quote);

public sealed class PostCommentValidator : AbstractValidator<PostComment>
{
    public PostCommentValidator()
    {
        RuleFor(x => x.Body).NotEmpty().MaximumLength(Comment.MaxBodyLength);
        RuleFor(x => x.Quote).MaximumLength(2_000);
        RuleFor(x => x.ClauseId).NotNull().When(x => x.Quote is not null).WithMessage("A quote is a span of a clause: give its 'clauseId' too.");
    }
}

public static class PostCommentEndpoint
{
    /// <summary>The proposal, the caller's standing, the comment replied to and the current text (for an anchor), as the command names them.</summary>
    public static async Task<(Proposal?, Standing, Comment?, AgreementVersion?)> LoadAsync(Guid id, PostComment command, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct)
    {
        var (proposal, standing) = await Proposal.LoadAsync(session, id, user, ct);
        var repliedTo = command.ReplyTo is { } replyTo ? await session.LoadAsync<Comment>(replyTo, ct) : null;
        var current = proposal is not null && command.ClauseId is not null ? await AgreementVersion.CurrentAsync(session, proposal.AgreementId, ct) : null;
        return (proposal, standing, repliedTo, current);
    }

    public static ProblemDetails Validate(PostComment command, Proposal? proposal, Standing standing, Comment? repliedTo, AgreementVersion? current) =>
        standing.Require(AgreementRole.Observer, asParticipant: true).Then(() =>
            command.ReplyTo is { } replyTo && repliedTo?.ProposalId != proposal!.Id ? Problems.Unprocessable($"There is no comment {replyTo} on this proposal to reply to.")
            : command.ClauseId is { } clauseId ? Comment.AnchorProblem(current!.Clauses, proposal!, clauseId, command.Quote)
            : WolverineContinue.NoProblems);

    /// <summary>A comment on the proposal, or a reply to one of its comments (`replyTo`); `clauseId` and `quote` anchor it to a clause and a span of its text. Members and observers alike may comment.</summary>
    [WolverinePost("/proposals/{id}/comments", OperationId = "postComment")]
    public static (Created<CommentView>, IStartStream) Post(PostComment command, Proposal proposal, ClaimsPrincipal user, TimeProvider clock)
    {
        var posted = new CommentPosted(Guid.CreateVersion7(), proposal.Id, proposal.AgreementId, user.ParticipantId()!.Value, command.ReplyTo,
            command.ClauseId, string.IsNullOrEmpty(command.Quote) ? null : command.Quote, command.Body.Trim(), user.Actor(), clock.GetUtcNow());
        return (TypedResults.Created($"/comments/{posted.CommentId}", CommentView.From(Comment.Create(posted), People.Of(user.AsPerson()), [])),
            MartenOps.StartStream<Comment>(posted.CommentId, posted));
    }
}
