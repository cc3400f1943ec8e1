using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Comments;

/// <summary>Each comment is its own stream, so that many people discussing at once never contend.</summary>
public sealed record CommentPosted(Guid CommentId, Guid ProposalId, Guid AgreementId, Guid AuthorId, Guid? ReplyTo, Guid? ClauseId, string? Quote,
    string Body, string By, DateTimeOffset At) : IAgreementEvent;

public sealed record CommentEdited(Guid CommentId, Guid ProposalId, Guid AgreementId, string Body, string By, DateTimeOffset At) : IAgreementEvent;

/// <summary>Hidden from the discussion by a facilitator; the comment and its history stay in the record.</summary>
public sealed record CommentHidden(Guid CommentId, Guid ProposalId, Guid AgreementId, string Reason, string By, DateTimeOffset At) : IAgreementEvent;

public sealed record CommentRevision(string Body, DateTimeOffset At);

public sealed record Hiding(string Reason, string By, DateTimeOffset At);

public sealed record Comment(Guid Id, Guid ProposalId, Guid AgreementId, Guid AuthorId, Guid? ReplyTo, Guid? ClauseId, string? Quote, string Body,
    DateTimeOffset PostedAt)
{
    public const int MaxBodyLength = 20_000;

    /// <summary>
    /// A comment may be anchored to any clause of the proposal's text: the current text, or a clause the proposal
    /// adds or rewrites. A quote must be found, exactly, in that clause's heading or text.
    /// </summary>
    public static ProblemDetails AnchorProblem(IReadOnlyList<Clause> current, Proposal proposal, Guid clauseId, string? quote)
    {
        var texts = new List<string?>();
        if (Outline.Find(current, clauseId) is { } clause)
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
            ? Wolverine.Http.WolverineContinue.NoProblems
            : Problems.Unprocessable("The quote does not occur in that clause. Quote a span of its text exactly as it is written.");
    }

    public int Version { get; init; }

    /// <summary>Earlier bodies, oldest first: editing keeps them.</summary>
    public IReadOnlyList<CommentRevision> History { get; init; } = [];

    public DateTimeOffset? EditedAt { get; init; }

    public Hiding? Hidden { get; init; }

    public static Comment Create(CommentPosted e) => new(e.CommentId, e.ProposalId, e.AgreementId, e.AuthorId, e.ReplyTo, e.ClauseId, e.Quote, e.Body, e.At);

    public Comment Apply(CommentEdited e) => this with
    {
        History = [.. History, new CommentRevision(Body, EditedAt ?? PostedAt)], Body = e.Body, EditedAt = e.At,
    };

    public Comment Apply(CommentHidden e) => this with { Hidden = new Hiding(e.Reason, e.By, e.At) };
}

/// <summary>
/// A comment in its thread. A hidden comment keeps its place, so replies still make sense, but shows no body;
/// the audit trail keeps it.
/// </summary>
public sealed record CommentView(Guid Id, Guid AuthorId, string AuthorName, Guid? ReplyTo, Guid? ClauseId, string? Quote, string? Body,
    DateTimeOffset PostedAt, DateTimeOffset? EditedAt, IReadOnlyList<CommentRevision> History, Hiding? Hidden, IReadOnlyList<CommentView> Replies)
{
    /// <summary>The comment as shown; its earlier bodies only when asked for (one comment's page), never in the discussion's list.</summary>
    public static CommentView From(Comment c, string authorName, IReadOnlyList<CommentView> replies, bool withHistory = true) => c.Hidden is null
        ? new(c.Id, c.AuthorId, authorName, c.ReplyTo, c.ClauseId, c.Quote, c.Body, c.PostedAt, c.EditedAt, withHistory ? c.History : [], null, replies)
        : new(c.Id, c.AuthorId, authorName, c.ReplyTo, c.ClauseId, null, null, c.PostedAt, c.EditedAt, [], c.Hidden, replies);

    /// <summary>How deep threads nest; a reply deeper down is shown beside its parent, at this depth, as forums do.</summary>
    public const int MaxDepth = 6;

    /// <summary>
    /// Comments as threads: replies under the comment they answer, each level oldest first. Threads nest at most
    /// <see cref="MaxDepth"/> deep: at that depth a comment's replies, and theirs, follow it as its siblings, in time order.
    /// </summary>
    public static IReadOnlyList<CommentView> Threads(IReadOnlyList<Comment> comments, IReadOnlyDictionary<Guid, string> names)
    {
        var byParent = comments.ToLookup(c => c.ReplyTo);
        IReadOnlyList<CommentView> Level(IEnumerable<Comment> level, int depth) =>
            (depth < MaxDepth ? level : level.SelectMany(c => Descendants(c.Id).Prepend(c)))
            .OrderBy(c => c.PostedAt)
            .Select(c => From(c, names.GetValueOrDefault(c.AuthorId, "someone no longer registered"), depth < MaxDepth ? Level(byParent[c.Id], depth + 1) : [],
                withHistory: false))
            .ToList();
        return Level(byParent[null], 1);

        IEnumerable<Comment> Descendants(Guid id)
        {
            var waiting = new Queue<Guid>([id]);
            while (waiting.TryDequeue(out var next))
            {
                foreach (var reply in byParent[next])
                {
                    yield return reply;
                    waiting.Enqueue(reply.Id);
                }
            }
        }
    }
}
