using System.Buffers;
using DiffPlex;
using DiffPlex.Model;

namespace AgreementService.Agreements;

/// <summary>
/// How much comparing one rendering may cost, in steps of the diff algorithm, shared by all the texts it compares. A step
/// is a few nanoseconds, so a budget of <see cref="PerRendering"/> keeps the worst input a member can write to a small
/// fraction of a second; what the budget cannot pay for is shown as replaced whole.
/// </summary>
public sealed class DiffBudget(long steps)
{
    public const long PerRendering = 5_000_000;

    public long Left { get; private set; } = steps;

    public static DiffBudget ForRendering() => new(PerRendering);

    /// <summary>Takes <paramref name="steps"/> when there are that many left.</summary>
    public bool TrySpend(long steps)
    {
        if (steps > Left)
        {
            Left = 0;
            return false;
        }

        Left -= steps;
        return true;
    }
}

/// <summary>
/// Myers' diff (the one DiffPlex runs) with its worst case bounded. DiffPlex's takes time proportional to the texts'
/// length times the number of differences, so 20,000 characters of short words rewritten took a second; this one first
/// sets aside what the texts share at each end, then pays for every step from a <see cref="DiffBudget"/> and gives up at
/// <see cref="MaxDifferences"/>: a middle that costs more is shown as deleted and inserted whole, which is also how a
/// reader best sees a rewrite. The result is DiffPlex's own model, so its renderers serve as before.
/// </summary>
public static class BoundedDiff
{
    /// <summary>Beyond this many differing pieces the texts are a rewrite, not an edit (and the trace would grow with its square).</summary>
    public const int MaxDifferences = 1_000;

    /// <summary>A diff of the texts cut into pieces by <paramref name="chunker"/> (DiffPlex's model, for its renderers).</summary>
    public static DiffResult Create(string older, string newer, IChunker chunker, DiffBudget budget)
    {
        var a = chunker.Chunk(older);
        var b = chunker.Chunk(newer);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] Ids(IReadOnlyList<string> pieces) => [.. pieces.Select(p => ids.TryGetValue(p, out var id) ? id : ids[p] = ids.Count)];
        return new DiffResult(a, b, Blocks(Ids(a), Ids(b), budget));
    }

    /// <summary>
    /// A diff of the texts cut into words (runs of letters and digits), runs of white space and single other characters.
    /// Pieces are told apart by where they end in their text, so that only distinct words are ever copied.
    /// </summary>
    public static (int[] OlderEnds, int[] NewerEnds, List<DiffBlock> Blocks) Words(string older, string newer, DiffBudget budget)
    {
        if (budget.Left == 0)
        {
            return Replaced(older, newer);
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        (int[] Ends, int[] Ids) Cut(string text)
        {
            var ends = WordEnds(text);
            var result = new int[ends.Length];
            for (int i = 0, from = 0; i < ends.Length; from = ends[i++])
            {
                var word = text.AsSpan(from, ends[i] - from);
                if (!ids.TryGetValue(word, out result[i]))
                {
                    result[i] = ids.Dictionary.Count;
                    ids[word] = result[i];
                }
            }

            return (ends, result);
        }

        var (olderEnds, a) = Cut(older);
        var (newerEnds, b) = Cut(newer);
        return (olderEnds, newerEnds, Blocks(a, b, budget));
    }

    /// <summary>
    /// Once the budget is spent, without cutting the texts into words at all: what both share at each end (to a word's
    /// edge), and the middle replaced whole.
    /// </summary>
    private static (int[] OlderEnds, int[] NewerEnds, List<DiffBlock> Blocks) Replaced(string older, string newer)
    {
        if (older == newer)
        {
            return (WordEnds(older), WordEnds(newer), []);
        }

        var shortest = Math.Min(older.Length, newer.Length);
        var prefix = older.AsSpan(0, shortest).CommonPrefixLength(newer.AsSpan(0, shortest));
        while (prefix > 0 && char.IsLetterOrDigit(older[prefix - 1]))
        {
            prefix--;
        }

        var suffix = 0;
        while (suffix < shortest - prefix && older[^(suffix + 1)] == newer[^(suffix + 1)])
        {
            suffix++;
        }

        while (suffix > 0 && char.IsLetterOrDigit(older[^suffix]))
        {
            suffix--;
        }

        int[] Cut(int length) => [.. new[] { prefix, length - suffix, length }.Distinct().Where(e => e > 0)];
        var first = prefix > 0 ? 1 : 0;
        int deleted = older.Length - suffix > prefix ? 1 : 0, inserted = newer.Length - suffix > prefix ? 1 : 0;
        return (Cut(older.Length), Cut(newer.Length), deleted + inserted == 0 ? [] : [new DiffBlock(first, deleted, first, inserted)]);
    }

    /// <summary>Where each word, run of white space or other character of the text ends.</summary>
    public static int[] WordEnds(string text)
    {
        var ends = new List<int>(text.Length / 4);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i++];
            if (char.IsLetterOrDigit(c) || char.IsWhiteSpace(c))
            {
                var white = char.IsWhiteSpace(c);
                while (i < text.Length && (white ? char.IsWhiteSpace(text[i]) : char.IsLetterOrDigit(text[i]) || char.GetUnicodeCategory(text[i]) is
                           System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark))
                {
                    i++;
                }
            }
            else if (char.IsHighSurrogate(c) && i < text.Length && char.IsLowSurrogate(text[i]))
            {
                i++;
            }

            ends.Add(i);
        }

        return [.. ends];
    }

    private static List<DiffBlock> Blocks(int[] a, int[] b, DiffBudget budget)
    {
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        int endA = a.Length, endB = b.Length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1])
        {
            endA--;
            endB--;
        }

        var blocks = new List<DiffBlock>();
        if (endA == start && endB == start)
        {
            return blocks;
        }

        if (Script(a.AsSpan(start, endA - start), b.AsSpan(start, endB - start), budget) is not { } edits)
        {
            blocks.Add(new DiffBlock(start, endA - start, start, endB - start));
            return blocks;
        }

        // Runs of deletions and insertions between equal pieces become one block each.
        var i = 0;
        while (i < edits.Count)
        {
            var (fromX, fromY, _) = edits[i];
            int deleted = 0, inserted = 0;
            while (i < edits.Count && edits[i].X == fromX + deleted && edits[i].Y == fromY + inserted)
            {
                if (edits[i].Deletes)
                {
                    deleted++;
                }
                else
                {
                    inserted++;
                }

                i++;
            }

            blocks.Add(new DiffBlock(start + fromX, deleted, start + fromY, inserted));
        }

        return blocks;
    }

    /// <summary>One edit: at (X, Y), delete a[X] (and move to X + 1) or insert b[Y] (and move to Y + 1).</summary>
    private readonly record struct Edit(int X, int Y, bool Deletes);

    /// <summary>The shortest edit script from a to b, or null when it would cost more than the budget or <see cref="MaxDifferences"/>.</summary>
    private static List<Edit>? Script(ReadOnlySpan<int> a, ReadOnlySpan<int> b, DiffBudget budget)
    {
        int n = a.Length, m = b.Length;
        var most = Math.Min(n + m, MaxDifferences);
        var offset = most + 1;
        var v = new int[2 * most + 3];

        // The furthest x reached on each diagonal k after d differences, for every d: at trace[d * d + k + d]. Pooled: a
        // rewrite fills it to the end (4 MB) before giving up, and a fresh one each time would keep the collector busy.
        var trace = ArrayPool<int>.Shared.Rent((most + 1) * (most + 1));
        try
        {
            for (var d = 0; d <= most; d++)
            {
                long steps = d + 1;
                var done = false;
                for (var k = -d; k <= d && !done; k += 2)
                {
                    var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                    var y = x - k;
                    while (x < n && y < m && a[x] == b[y])
                    {
                        x++;
                        y++;
                        steps++;
                    }

                    v[offset + k] = x;
                    done = x >= n && y >= m;
                }

                if (!budget.TrySpend(steps))
                {
                    return null;
                }

                Array.Copy(v, offset - d, trace, d * d, 2 * d + 1);
                if (done)
                {
                    return Backtrack(trace, d, n, m);
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(trace);
        }
    }

    /// <summary>Walks the furthest points reached at each number of differences back from the end to the start.</summary>
    private static List<Edit> Backtrack(int[] trace, int differences, int n, int m)
    {
        var edits = new List<Edit>(differences);
        int x = n, y = m;
        for (var d = differences; d > 0; d--)
        {
            var before = (d - 1) * (d - 1) + d - 1; // where diagonal 0 of d - 1 differences is
            var k = x - y;
            var down = k == -d || (k != d && trace[before + k - 1] < trace[before + k + 1]);
            var previousK = down ? k + 1 : k - 1;
            var previousX = trace[before + previousK];
            var previousY = previousX - previousK;
            edits.Add(new Edit(previousX, previousY, Deletes: !down));
            (x, y) = (previousX, previousY);
        }

        edits.Reverse();
        return edits;
    }
}
