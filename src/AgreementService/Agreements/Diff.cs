using System.Text;

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
    /// <summary>
    /// What changed, clause by clause. Its cost is bounded: linear in the two texts, plus at most one <see cref="DiffBudget"/>
    /// for the word-level diffs of all amended clauses together.
    /// </summary>
    public static IReadOnlyList<ClauseDiff> Between(IReadOnlyList<Clause> from, IReadOnlyList<Clause> to, CancellationToken ct = default)
    {
        var before = Place.Index(from);
        var after = Place.Index(to);
        var (rankBefore, rankAfter) = (Position(before, after), Position(after, before));
        var budget = DiffBudget.ForRendering();
        var diffs = new List<ClauseDiff>();
        foreach (var (id, now) in after.OrderBy(p => p.Value.Order))
        {
            ct.ThrowIfCancellationRequested();
            if (!before.TryGetValue(id, out var was))
            {
                diffs.Add(new ClauseDiff(id, [ClauseDiffKind.Added], null, now.Number, null, now.Clause.Heading, null, now.Clause.Text,
                    Whole(now.Clause.Heading, SegmentKind.Inserted), Whole(now.Clause.Text, SegmentKind.Inserted)));
                continue;
            }

            var changes = new List<ClauseDiffKind>();
            if (was.ParentId != now.ParentId || rankBefore[id] != rankAfter[id])
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
                    amended ? Words(was.Clause.Heading, now.Clause.Heading, budget) : null, amended ? Words(was.Clause.Text, now.Clause.Text, budget) : null));
            }
        }

        diffs.AddRange(before.Where(p => !after.ContainsKey(p.Key)).OrderBy(p => p.Value.Order).Select(p =>
            new ClauseDiff(p.Key, [ClauseDiffKind.Removed], p.Value.Number, null, p.Value.Clause.Heading, null, p.Value.Clause.Text, null,
                Whole(p.Value.Clause.Heading, SegmentKind.Deleted), Whole(p.Value.Clause.Text, SegmentKind.Deleted))));
        return diffs;
    }

    /// <summary>Word-level segments from the older text to the newer, adjacent words of one kind joined.</summary>
    public static IReadOnlyList<TextSegment> Words(string? older, string? newer, DiffBudget budget)
    {
        (older, newer) = (older ?? "", newer ?? "");
        var (olderEnds, newerEnds, blocks) = BoundedDiff.Words(older, newer, budget);
        var segments = new List<TextSegment>();
        void Add(SegmentKind kind, string text, int[] ends, int from, int count)
        {
            if (count > 0)
            {
                var start = from == 0 ? 0 : ends[from - 1];
                segments.Add(new TextSegment(kind, text[start..ends[from + count - 1]]));
            }
        }

        var next = 0;
        foreach (var block in blocks)
        {
            Add(SegmentKind.Equal, newer, newerEnds, next, block.InsertStartB - next);
            Add(SegmentKind.Deleted, older, olderEnds, block.DeleteStartA, block.DeleteCountA);
            Add(SegmentKind.Inserted, newer, newerEnds, block.InsertStartB, block.InsertCountB);
            next = block.InsertStartB + block.InsertCountB;
        }

        Add(SegmentKind.Equal, newer, newerEnds, next, newerEnds.Length - next);
        return Readable(segments);
    }

    /// <summary>
    /// As a reader would mark the change: white space alone between two changes joins them ("courage{++, respect++} and",
    /// not "courage{++,++} {++respect ++}and"), and white space a deletion and its insertion share at either end stays unmarked.
    /// </summary>
    private static List<TextSegment> Readable(List<TextSegment> segments)
    {
        var result = new List<TextSegment>(segments.Count);
        void Equal(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (result.Count > 0 && result[^1].Kind == SegmentKind.Equal)
            {
                result[^1] = result[^1] with { Text = result[^1].Text + text };
            }
            else
            {
                result.Add(new TextSegment(SegmentKind.Equal, text));
            }
        }

        for (var i = 0; i < segments.Count;)
        {
            if (segments[i].Kind == SegmentKind.Equal)
            {
                Equal(segments[i++].Text);
                continue;
            }

            // A run of changes, with the white space between them.
            StringBuilder deleted = new(), inserted = new();
            while (i < segments.Count && (segments[i].Kind != SegmentKind.Equal
                       || i + 1 < segments.Count && string.IsNullOrWhiteSpace(segments[i].Text) && segments[i + 1].Kind != SegmentKind.Equal))
            {
                if (segments[i].Kind != SegmentKind.Inserted)
                {
                    deleted.Append(segments[i].Text);
                }

                if (segments[i].Kind != SegmentKind.Deleted)
                {
                    inserted.Append(segments[i].Text);
                }

                i++;
            }

            var (was, now) = (deleted.ToString(), inserted.ToString());
            int prefix = 0, suffix = 0;
            while (prefix < Math.Min(was.Length, now.Length) && was[prefix] == now[prefix] && char.IsWhiteSpace(was[prefix]))
            {
                prefix++;
            }

            while (suffix < Math.Min(was.Length, now.Length) - prefix && was[^(suffix + 1)] == now[^(suffix + 1)] && char.IsWhiteSpace(was[^(suffix + 1)]))
            {
                suffix++;
            }

            Equal(was[..prefix]);
            if (was.Length - suffix > prefix)
            {
                result.Add(new TextSegment(SegmentKind.Deleted, was[prefix..^suffix]));
            }

            if (now.Length - suffix > prefix)
            {
                result.Add(new TextSegment(SegmentKind.Inserted, now[prefix..^suffix]));
            }

            Equal(was[^suffix..]);
        }

        return result;
    }

    private static IReadOnlyList<TextSegment>? Whole(string? text, SegmentKind kind) => text is null ? null : [new TextSegment(kind, text)];

    /// <summary>
    /// Where each clause stands among the siblings it has in both versions: adding, removing or moving others in or out
    /// of its parent does not move it.
    /// </summary>
    private static Dictionary<Guid, int> Position(Dictionary<Guid, Place> mine, Dictionary<Guid, Place> other)
    {
        var ranks = new Dictionary<Guid, int>(mine.Count);
        var stayed = new Dictionary<Guid, int>(); // per parent (Guid.Empty: the top level), siblings seen that stayed under it
        foreach (var place in mine.Values.OrderBy(p => p.Order))
        {
            var parent = place.ParentId ?? Guid.Empty;
            var seen = stayed.GetValueOrDefault(parent);
            ranks[place.Clause.Id] = seen;
            if (other.TryGetValue(place.Clause.Id, out var there) && there.ParentId == place.ParentId)
            {
                stayed[parent] = seen + 1;
            }
        }

        return ranks;
    }

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
