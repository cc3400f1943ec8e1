using System.Text.Json;
using System.Text.Json.Serialization;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Comments;

/// <summary>Each comment is its own stream, so that many people discussing at once never contend.</summary>
public sealed record CommentPosted(Guid CommentId, Guid ProposalId, Guid AgreementId, Guid AuthorId, Guid? ReplyTo, Guid? ClauseId, string? Quote,
    string Body, string By, DateTimeOffset At) : IAgreementEvent;

public sealed record CommentEdited(Guid CommentId, Guid ProposalId, Guid AgreementId, string Body, string By, DateTimeOffset At) : IAgreementEvent;

/// <summary>Hidden from the discussion by a facilitator; the comment and its history stay in the record.</summary>
public sealed record CommentHidden(Guid CommentId, Guid ProposalId, Guid AgreementId, string Reason, string By, DateTimeOffset At) : IAgreementEvent;

/// <summary>An earlier body of a comment, and when it was written.</summary>
public sealed record CommentRevision(string Body, DateTimeOffset WrittenAt);

/// <summary>As the comment keeps it: why, who (an event's <c>By</c>) and when.</summary>
public sealed record Hiding(string Reason, string By, DateTimeOffset At);

/// <summary>Why a facilitator hid the comment, who, and when.</summary>
public sealed record HidingView(string Reason, Person HiddenBy, DateTimeOffset HiddenAt);

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

    /// <summary>How many of a comment's earlier bodies its page shows (the latest); <see cref="Edits"/> counts them all.</summary>
    public const int MaxHistory = 50;

    /// <summary>The comment's stream version: how many events it has.</summary>
    public int Version { get; init; }

    /// <summary>
    /// How many times the body was edited. The earlier bodies are not kept here, only in the comment's events
    /// (<see cref="HistoryAsync"/>), so that the comment stays small however often it is edited.
    /// </summary>
    public int Edits { get; init; }

    public DateTimeOffset? EditedAt { get; init; }

    public Hiding? Hidden { get; init; }

    /// <summary>
    /// Comments stored before their earlier bodies moved out hold them as "History": only how many is read, as
    /// <see cref="Edits"/>, and the list is never written again (the next edit, or a rebuild, stores the comment without it).
    /// </summary>
    [JsonInclude]
    [JsonPropertyName("History")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private IReadOnlyList<JsonElement>? StoredHistory
    {
        get => null;
        init => Edits = Math.Max(Edits, value?.Count ?? 0);
    }

    public static Comment Create(CommentPosted e) => new(e.CommentId, e.ProposalId, e.AgreementId, e.AuthorId, e.ReplyTo, e.ClauseId, e.Quote, e.Body, e.At);

    public Comment Apply(CommentEdited e) => this with { Body = e.Body, EditedAt = e.At, Edits = Edits + 1 };

    public Comment Apply(CommentHidden e) => this with { Hidden = new Hiding(e.Reason, e.By, e.At) };

    /// <summary>
    /// The latest <see cref="MaxHistory"/> earlier bodies, oldest first, each with when it was written, read from the
    /// comment's own events: only the last <see cref="MaxHistory"/> + 2 of them (the latest bodies, and a hiding).
    /// </summary>
    public static async Task<IReadOnlyList<CommentRevision>> HistoryAsync(IQuerySession session, Comment comment, CancellationToken ct)
    {
        if (comment.Edits == 0)
        {
            return [];
        }

        var latest = await session.Events.FetchStreamAsync(comment.Id, fromVersion: Math.Max(1, comment.Version - MaxHistory - 1), token: ct);
        var bodies = latest.Select(e => e.Data switch
        {
            CommentPosted posted => new CommentRevision(posted.Body, posted.At),
            CommentEdited edited => new CommentRevision(edited.Body, edited.At),
            _ => null,
        }).OfType<CommentRevision>().ToList();
        return [.. bodies.SkipLast(1).TakeLast(MaxHistory)];
    }
}

/// <summary>
/// A comment in its thread. A hidden comment keeps its place, so replies still make sense, but shows no body;
/// the audit trail keeps it. <c>edits</c> counts its edits; <c>history</c> holds its latest earlier bodies only where one
/// comment is read (GET /comments/{id}), never in the discussion's list.
/// </summary>
public sealed record CommentView(Guid Id, Person Author, Guid? ReplyTo, Guid? ClauseId, string? Quote, string? Body,
    DateTimeOffset PostedAt, DateTimeOffset? EditedAt, int Edits, IReadOnlyList<CommentRevision> History, HidingView? Hidden, IReadOnlyList<CommentView> Replies)
{
    /// <summary>
    /// The comment as shown, its author and whoever hid it named from <paramref name="people"/>, with the earlier bodies given
    /// (none: the discussion's list); a hidden one shows none.
    /// </summary>
    public static CommentView From(Comment c, People people, IReadOnlyList<CommentView> replies, IReadOnlyList<CommentRevision>? history = null) =>
        c.Hidden is not { } hidden
            ? new(c.Id, people.Of(c.AuthorId), c.ReplyTo, c.ClauseId, c.Quote, c.Body, c.PostedAt, c.EditedAt, c.Edits, history ?? [], null, replies)
            : new(c.Id, people.Of(c.AuthorId), c.ReplyTo, c.ClauseId, null, null, c.PostedAt, c.EditedAt, c.Edits, [],
                new HidingView(hidden.Reason, people.Of(hidden.By), hidden.At), replies);

    /// <summary>The participants a page of comments names: their authors, and whoever hid one.</summary>
    public static IEnumerable<Guid> PeopleIn(IReadOnlyCollection<Comment> comments) =>
        comments.Select(c => c.AuthorId).Concat(comments.Select(c => c.Hidden?.By).OfType<string>().Select(Person.IdIn).OfType<Guid>());

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
    public static IReadOnlyList<CommentView> Threads(IReadOnlyList<CommentPlacement> page, IReadOnlyDictionary<Guid, Comment> comments, People people)
    {
        var onPage = page.Select(p => p.Id).ToHashSet();
        var nested = page.Where(p => p.Under is { } under && onPage.Contains(under)).ToLookup(p => p.Under);
        return Views(page.Where(p => p.Under is not { } under || !onPage.Contains(under)));

        IReadOnlyList<CommentView> Views(IEnumerable<CommentPlacement> level) =>
            [.. level.Select(p => From(comments[p.Id], people, Views(nested[p.Id])))];
    }
}

/// <summary>Where a comment stands in the discussion, without its body: what ordering the discussion needs.</summary>
public sealed record CommentPlace(Guid Id, Guid? ReplyTo, DateTimeOffset PostedAt);

/// <summary>A comment's place in the discussion's order, and the comment it shows under (none: top level).</summary>
public sealed record CommentPlacement(Guid Id, Guid? Under);
