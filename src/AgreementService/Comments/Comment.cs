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
    /// The discussion's order, from where each comment stands (no bodies read): threads one after another, each depth
    /// first, each level oldest first, and with each comment the one it shows under (none: top level). Threads nest at
    /// most <see cref="MaxDepth"/> deep: at that depth a comment's replies, and theirs, follow it as its siblings, in time order.
    /// </summary>
    public static IReadOnlyList<CommentPlacement> Order(IReadOnlyList<CommentPlace> places)
    {
        var byParent = places.ToLookup(c => c.ReplyTo);
        var order = new List<CommentPlacement>(places.Count);
        Level(byParent[null], null, 1);
        return order;

        void Level(IEnumerable<CommentPlace> level, Guid? under, int depth)
        {
            foreach (var c in (depth < MaxDepth ? level : level.SelectMany(c => Descendants(c.Id).Prepend(c))).OrderBy(c => c.PostedAt).ThenBy(c => c.Id))
            {
                order.Add(new CommentPlacement(c.Id, under));
                if (depth < MaxDepth)
                {
                    Level(byParent[c.Id], c.Id, depth + 1);
                }
            }
        }

        IEnumerable<CommentPlace> Descendants(Guid id)
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

    /// <summary>
    /// A page of the discussion as threads: a comment nests under the one it shows under when that one is on the page
    /// too; otherwise (the page begins inside a thread) it stands at the top of the page, its <c>replyTo</c> saying where it belongs.
    /// </summary>
    public static IReadOnlyList<CommentView> Threads(IReadOnlyList<CommentPlacement> page, IReadOnlyDictionary<Guid, Comment> comments,
        IReadOnlyDictionary<Guid, string> names)
    {
        var onPage = page.Select(p => p.Id).ToHashSet();
        var nested = page.Where(p => p.Under is { } under && onPage.Contains(under)).ToLookup(p => p.Under);
        return Views(page.Where(p => p.Under is not { } under || !onPage.Contains(under)));

        IReadOnlyList<CommentView> Views(IEnumerable<CommentPlacement> level) =>
            [.. level.Select(p => From(comments[p.Id], names.GetValueOrDefault(comments[p.Id].AuthorId, "someone no longer registered"), Views(nested[p.Id]), withHistory: false))];
    }
}

/// <summary>Where a comment stands in the discussion, without its body: what ordering the discussion needs.</summary>
public sealed record CommentPlace(Guid Id, Guid? ReplyTo, DateTimeOffset PostedAt);

/// <summary>A comment's place in the discussion's order, and the comment it shows under (none: top level).</summary>
public sealed record CommentPlacement(Guid Id, Guid? Under);
