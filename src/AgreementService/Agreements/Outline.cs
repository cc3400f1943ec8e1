namespace AgreementService.Agreements;

/// <summary>
/// One numbered unit of the agreement. Its id is issued by the server and never changes; its number is its
/// position in the outline and is derived, never stored.
/// </summary>
public sealed record Clause(Guid Id, string? Heading, string Text, IReadOnlyList<Clause> Clauses);

/// <summary>A clause as readers see it: with its number (2, 2.1, 2.1.3).</summary>
public sealed record NumberedClause(Guid Id, string Number, string? Heading, string Text, IReadOnlyList<NumberedClause> Clauses);

/// <summary>A clause of a founding text, as the administrator writes it: the server issues the ids.</summary>
public sealed record ClauseDraft(string? Heading, string Text, IReadOnlyList<ClauseDraft>? Clauses);

/// <summary>Pure functions over an outline: an ordered tree of clauses at most <see cref="MaxDepth"/> levels deep.</summary>
public static class Outline
{
    public const int MaxDepth = 3;
    public const int MaxHeadingLength = 200;
    public const int MaxTextLength = 20_000;
    public const int MaxClauses = 2_000;

    /// <summary>What all headings and texts may hold together: some 400 pages, far beyond any agreement, and a bound on every diff and rendering.</summary>
    public const int MaxCharacters = 1_000_000;

    public static IReadOnlyList<NumberedClause> Number(IReadOnlyList<Clause> clauses, string prefix = "") =>
        clauses.Select((c, i) =>
        {
            var number = $"{prefix}{i + 1}";
            return new NumberedClause(c.Id, number, c.Heading, c.Text, Number(c.Clauses, number + "."));
        }).ToList();

    /// <summary>Issues ids to a founding text, in document order.</summary>
    public static IReadOnlyList<Clause> Found(IReadOnlyList<ClauseDraft> drafts, Func<Guid> newId) =>
        drafts.Select(d =>
        {
            var id = newId();
            return new Clause(id, NormaliseHeading(d.Heading), d.Text.Trim(), Found(d.Clauses ?? [], newId));
        }).ToList();

    public static IEnumerable<Clause> All(IReadOnlyList<Clause> clauses) =>
        clauses.SelectMany(c => All(c.Clauses).Prepend(c));

    public static Clause? Find(IReadOnlyList<Clause> clauses, Guid id) => All(clauses).FirstOrDefault(c => c.Id == id);

    /// <summary>The clause's number in this outline, or null when it is not there.</summary>
    public static string? NumberOf(IReadOnlyList<Clause> clauses, Guid id, string prefix = "")
    {
        for (var i = 0; i < clauses.Count; i++)
        {
            var number = $"{prefix}{i + 1}";
            if (clauses[i].Id == id)
            {
                return number;
            }

            if (NumberOf(clauses[i].Clauses, id, number + ".") is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The characters of every heading and text.</summary>
    public static long Characters(IReadOnlyList<Clause> clauses) => All(clauses).Sum(c => (long)(c.Heading?.Length ?? 0) + c.Text.Length);

    /// <summary>How many levels the clauses reach: 1 for clauses without sub-clauses.</summary>
    public static int Depth(IReadOnlyList<Clause> clauses) => clauses.Count == 0 ? 0 : 1 + clauses.Max(c => Depth(c.Clauses));

    /// <summary>Empty or whitespace headings mean "no heading".</summary>
    public static string? NormaliseHeading(string? heading) => string.IsNullOrWhiteSpace(heading) ? null : heading.Trim();
}
