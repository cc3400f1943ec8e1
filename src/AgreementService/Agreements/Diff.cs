using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace AgreementService.Agreements;

public enum ClauseDiffKind
{
    Added,
    Removed,
    Amended,
    Moved,
    Renumbered,
}

public enum SegmentKind
{
    Equal,
    Inserted,
    Deleted,
}

/// <summary>A run of words that is the same in both texts, or only in the newer one, or only in the older one.</summary>
public sealed record TextSegment(SegmentKind Kind, string Text);

/// <summary>
/// What happened to one clause between two versions, recognised by its id: added, removed, amended (heading
/// and/or text, with a word-level diff), moved (new parent or new place among its siblings), or only
/// renumbered because others moved around it. A clause can be both moved and amended.
/// </summary>
public sealed record ClauseDiff(
    Guid ClauseId,
    IReadOnlyList<ClauseDiffKind> Changes,
    string? FromNumber,
    string? ToNumber,
    string? FromHeading,
    string? ToHeading,
    string? FromText,
    string? ToText,
    IReadOnlyList<TextSegment>? HeadingSegments,
    IReadOnlyList<TextSegment>? TextSegments);

public sealed record AgreementDiff(int From, int To, IReadOnlyList<ClauseDiff> Clauses);

/// <summary>Clause-level diffs between two outlines. Pure: its cost is the size of the two texts, whatever lies between them.</summary>
public static class Diff
{
    public static IReadOnlyList<ClauseDiff> Between(IReadOnlyList<Clause> from, IReadOnlyList<Clause> to)
    {
        var before = Place.Index(from);
        var after = Place.Index(to);
        var diffs = new List<ClauseDiff>();
        foreach (var (id, now) in after.OrderBy(p => p.Value.Order))
        {
            if (!before.TryGetValue(id, out var was))
            {
                diffs.Add(new ClauseDiff(id, [ClauseDiffKind.Added], null, now.Number, null, now.Clause.Heading, null, now.Clause.Text,
                    Whole(now.Clause.Heading, SegmentKind.Inserted), Whole(now.Clause.Text, SegmentKind.Inserted)));
                continue;
            }

            var changes = new List<ClauseDiffKind>();
            if (was.ParentId != now.ParentId || Position(was, before, after) != Position(now, after, before))
            {
                changes.Add(ClauseDiffKind.Moved);
            }
            else if (was.Number != now.Number)
            {
                changes.Add(ClauseDiffKind.Renumbered);
            }

            var amended = was.Clause.Heading != now.Clause.Heading || was.Clause.Text != now.Clause.Text;
            if (amended)
            {
                changes.Add(ClauseDiffKind.Amended);
            }

            if (changes.Count > 0)
            {
                diffs.Add(new ClauseDiff(id, changes, was.Number, now.Number, was.Clause.Heading, now.Clause.Heading, was.Clause.Text, now.Clause.Text,
                    amended ? Words(was.Clause.Heading, now.Clause.Heading) : null, amended ? Words(was.Clause.Text, now.Clause.Text) : null));
            }
        }

        diffs.AddRange(before.Where(p => !after.ContainsKey(p.Key)).OrderBy(p => p.Value.Order).Select(p =>
            new ClauseDiff(p.Key, [ClauseDiffKind.Removed], p.Value.Number, null, p.Value.Clause.Heading, null, p.Value.Clause.Text, null,
                Whole(p.Value.Clause.Heading, SegmentKind.Deleted), Whole(p.Value.Clause.Text, SegmentKind.Deleted))));
        return diffs;
    }

    /// <summary>Word-level segments from the older text to the newer, adjacent words of one kind joined.</summary>
    public static IReadOnlyList<TextSegment> Words(string? older, string? newer)
    {
        var model = InlineDiffBuilder.Diff(Differ.Instance, older ?? "", newer ?? "", ignoreWhiteSpace: false, ignoreCase: false, new WordChunker());
        var segments = new List<TextSegment>();
        foreach (var piece in model.Lines)
        {
            var kind = piece.Type switch
            {
                ChangeType.Inserted => SegmentKind.Inserted,
                ChangeType.Deleted => SegmentKind.Deleted,
                _ => SegmentKind.Equal,
            };
            if (segments.Count > 0 && segments[^1].Kind == kind)
            {
                segments[^1] = segments[^1] with { Text = segments[^1].Text + piece.Text };
            }
            else if (!string.IsNullOrEmpty(piece.Text))
            {
                segments.Add(new TextSegment(kind, piece.Text));
            }
        }

        return segments;
    }

    private static IReadOnlyList<TextSegment>? Whole(string? text, SegmentKind kind) => text is null ? null : [new TextSegment(kind, text)];

    /// <summary>
    /// Where a clause stands among the siblings it has in both versions: adding, removing or moving others in or out
    /// of its parent does not move it.
    /// </summary>
    private static int Position(Place place, IReadOnlyDictionary<Guid, Place> mine, IReadOnlyDictionary<Guid, Place> other) =>
        mine.Values.Count(p => p.ParentId == place.ParentId && p.Order < place.Order && other.TryGetValue(p.Clause.Id, out var there) && there.ParentId == p.ParentId);

    private sealed record Place(Clause Clause, Guid? ParentId, string Number, int Order)
    {
        public static Dictionary<Guid, Place> Index(IReadOnlyList<Clause> outline)
        {
            var index = new Dictionary<Guid, Place>();
            void Walk(IReadOnlyList<Clause> level, Guid? parent, string prefix)
            {
                for (var i = 0; i < level.Count; i++)
                {
                    var number = $"{prefix}{i + 1}";
                    index[level[i].Id] = new Place(level[i], parent, number, index.Count);
                    Walk(level[i].Clauses, level[i].Id, number + ".");
                }
            }

            Walk(outline, null, "");
            return index;
        }
    }
}
