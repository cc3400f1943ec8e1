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
public sealed record PostComment(string Body, Guid? ReplyTo, Guid? ClauseId, string? Quote);

public sealed class PostCommentValidator : AbstractValidator<PostComment>
{
    public PostCommentValidator()
    {
        RuleFor(x => x.Body).NotEmpty().MaximumLength(Comments.MaxBodyLength);
        RuleFor(x => x.Quote).MaximumLength(2_000);
        RuleFor(x => x.ClauseId).NotNull().When(x => x.Quote is not null).WithMessage("A quote is a span of a clause: give its 'clauseId' too.");
    }
}

public static class PostCommentEndpoint
{
    public static Task<Proposal?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) => session.LoadAsync<Proposal>(id, ct);

    public static async Task<ProblemDetails> ValidateAsync(PostComment command, Proposal? proposal, ClaimsPrincipal user, IQuerySession session,
        CancellationToken ct)
    {
        var access = await session.RequireAsync(proposal, user, AgreementRole.Observer, ct, asParticipant: true);
        if (access != WolverineContinue.NoProblems)
        {
            return access;
        }

        if (command.ReplyTo is { } replyTo && (await session.LoadAsync<Comment>(replyTo, ct))?.ProposalId != proposal!.Id)
        {
            return Problems.Unprocessable($"There is no comment {replyTo} on this proposal to reply to.");
        }

        return command.ClauseId is { } clauseId ? await Comments.AnchorProblemAsync(session, proposal!, clauseId, command.Quote, ct) : WolverineContinue.NoProblems;
    }

    [WolverinePost("/proposals/{id}/comments", OperationId = "postComment")]
    public static (Created<CommentView>, IStartStream) Post(PostComment command, Proposal proposal, ClaimsPrincipal user, TimeProvider clock)
    {
        var posted = new CommentPosted(Guid.CreateVersion7(), proposal.Id, proposal.AgreementId, user.ParticipantId()!.Value, command.ReplyTo,
            command.ClauseId, string.IsNullOrEmpty(command.Quote) ? null : command.Quote, command.Body.Trim(), user.Actor(), clock.GetUtcNow());
        return (TypedResults.Created($"/comments/{posted.CommentId}", CommentView.From(Comment.Create(posted), user.Identity?.Name ?? "", [])),
            MartenOps.StartStream<Comment>(posted.CommentId, posted));
    }
}

public static class Comments
{
    public const int MaxBodyLength = 20_000;

    /// <summary>
    /// A comment may be anchored to any clause of the proposal's text: the current text, or a clause the proposal
    /// adds or rewrites. A quote must be found, exactly, in that clause's heading or text.
    /// </summary>
    public static async Task<ProblemDetails> AnchorProblemAsync(IQuerySession session, Proposal proposal, Guid clauseId, string? quote, CancellationToken ct)
    {
        var agreement = (await session.LoadAsync<Agreement>(proposal.AgreementId, ct))!;
        var current = (await session.LoadAsync<AgreementVersion>(AgreementVersion.IdFor(agreement.Id, agreement.CurrentVersion), ct))!;
        var texts = new List<string?>();
        if (Outline.Find(current.Clauses, clauseId) is { } clause)
        {
            texts.AddRange([clause.Heading, clause.Text]);
        }

        foreach (var change in proposal.Changes)
        {
            texts.AddRange(change switch
            {
                AddClause a when a.ClauseId == clauseId => [a.Heading, a.Text],
                AmendClause a when a.ClauseId == clauseId => [a.Heading, a.Text],
                _ => [],
            });
        }

        if (texts.Count == 0)
        {
            return Problems.Unprocessable($"Clause {clauseId} is neither in the current text nor added by this proposal, so a comment cannot be anchored to it.");
        }

        return quote is null || texts.Any(t => t?.Contains(quote, StringComparison.Ordinal) == true)
            ? WolverineContinue.NoProblems
            : Problems.Unprocessable("The quote does not occur in that clause. Quote a span of its text exactly as it is written.");
    }
}
