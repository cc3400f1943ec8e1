using AgreementService.Agreements;
using AgreementService.Publishing;

namespace AgreementService.Tests.Unit;

public sealed class DiffTests
{
    private static readonly Guid A = Guid.NewGuid(), A1 = Guid.NewGuid(), A2 = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    /// <summary>1 Purpose (1.1, 1.2), 2 Values, 3 Decisions.</summary>
    private static readonly IReadOnlyList<Clause> V1 =
    [
        new(A, "Purpose", "We litigate together.", [new(A1, null, "We share knowledge.", []), new(A2, null, "We support cases.", [])]),
        new(B, "Values", "We act with care and respect.", []),
        new(C, "Decisions", "By consent.", []),
    ];

    private static IReadOnlyList<Clause> After(params Change[] changes) => OutlineEditor.Apply(V1, changes, Guid.NewGuid).Clauses;

    [Fact]
    public void identical_versions_have_an_empty_diff() => Diff.Between(V1, V1).ShouldBeEmpty();

    [Fact]
    public void a_diff_whose_request_was_abandoned_stops() =>
        Should.Throw<OperationCanceledException>(() => Diff.Between(V1, After(new AmendClause(B, null, "Courage.")), new CancellationToken(canceled: true)));

    [Fact]
    public void an_amended_text_carries_a_word_level_diff()
    {
        var diff = Diff.Between(V1, After(new AmendClause(B, null, "We act with courage and respect."))).Single();

        diff.Changes.ShouldBe([ClauseDiffKind.Amended]);
        (diff.FromNumber, diff.ToNumber).ShouldBe(("2", "2"));
        diff.TextSegments!.ShouldBe([
            new TextSegment(SegmentKind.Equal, "We act with "),
            new TextSegment(SegmentKind.Deleted, "care"),
            new TextSegment(SegmentKind.Inserted, "courage"),
            new TextSegment(SegmentKind.Equal, " and respect."),
        ]);
        diff.HeadingSegments!.ShouldBe([new TextSegment(SegmentKind.Equal, "Values")]);
    }

    [Fact]
    public void an_addition_renumbers_the_clauses_after_it_without_calling_them_moved()
    {
        var added = Guid.NewGuid();

        var diff = Diff.Between(V1, After(new AddClause(added, null, null, "Preamble", "Why we are here.")));

        diff.Select(d => (d.ClauseId, d.Changes.Single(), d.FromNumber, d.ToNumber)).ShouldBe([
            (added, ClauseDiffKind.Added, null, "1"),
            (A, ClauseDiffKind.Renumbered, "1", "2"),
            (A1, ClauseDiffKind.Renumbered, "1.1", "2.1"),
            (A2, ClauseDiffKind.Renumbered, "1.2", "2.2"),
            (B, ClauseDiffKind.Renumbered, "2", "3"),
            (C, ClauseDiffKind.Renumbered, "3", "4"),
        ]);
    }

    [Fact]
    public void a_removal_is_listed_with_its_sub_clauses_and_renumbers_what_follows()
    {
        var diff = Diff.Between(V1, After(new RemoveClause(A)));

        diff.Where(d => d.Changes.Contains(ClauseDiffKind.Removed)).Select(d => (d.ClauseId, d.FromNumber)).ShouldBe([(A, "1"), (A1, "1.1"), (A2, "1.2")]);
        diff.Single(d => d.ClauseId == B).Changes.ShouldBe([ClauseDiffKind.Renumbered]);
        diff.Single(d => d.ClauseId == A).TextSegments.ShouldBe([new TextSegment(SegmentKind.Deleted, "We litigate together.")]);
    }

    [Fact]
    public void a_clause_moved_and_amended_is_both()
    {
        var diff = Diff.Between(V1, After(new MoveClause(A2, null, B), new AmendClause(A2, "Support", null)));

        var moved = diff.Single(d => d.ClauseId == A2);
        moved.Changes.ShouldBe([ClauseDiffKind.Moved, ClauseDiffKind.Amended]);
        (moved.FromNumber, moved.ToNumber).ShouldBe(("1.2", "3"));
        moved.HeadingSegments!.ShouldBe([new TextSegment(SegmentKind.Inserted, "Support")]);
        Renderings.Describe(moved).ShouldBe("moved from 1.2 and amended");
        diff.Single(d => d.ClauseId == C).Changes.ShouldBe([ClauseDiffKind.Renumbered]);
    }

    [Fact]
    public void swapping_two_siblings_moves_one_and_leaves_the_other_where_it_stands_among_its_siblings()
    {
        var diff = Diff.Between(V1, After(new MoveClause(C, null, A)));

        diff.Single(d => d.ClauseId == C).Changes.ShouldBe([ClauseDiffKind.Moved]);
        diff.Single(d => d.ClauseId == B).Changes.ShouldBe([ClauseDiffKind.Moved], "B now stands after C: its place among its siblings changed");
    }

    [Fact]
    public void html_escapes_clause_text_so_markup_and_script_render_as_text()
    {
        var hostile = After(new AmendClause(B, "<b>Values</b>", "<script>alert('x')</script> & <img src=x onerror=alert(1)>"));
        var view = new AgreementView(Guid.NewGuid(), "s", "T", Visibility.Public, 2, Outline.Number(hostile));

        var html = Renderings.AgreementHtml(view) + Renderings.DiffHtml(new AgreementDiff(1, 2, Diff.Between(V1, hostile)));

        html.ShouldNotContain("<script>");
        html.ShouldNotContain("<img");
        html.ShouldNotContain("<b>");
        html.ShouldContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;");
    }

    [Fact]
    public void the_renderings_mark_insertions_and_deletions_each_in_their_own_way()
    {
        var to = After(new AmendClause(B, null, "We act with courage and respect."));
        var diff = new AgreementDiff(1, 2, Diff.Between(V1, to));

        Renderings.DiffHtml(diff).ShouldContain("We act with <del class=\"diff-del\">care</del><ins class=\"diff-ins\">courage</ins> and respect.");
        Renderings.DiffMarkdown(diff).ShouldContain("We act with {--care--}{++courage++} and respect.");
        var unified = Renderings.DiffUnified(diff, Outline.Number(V1), Outline.Number(to));
        unified.ShouldContain("--- version 1");
        unified.ShouldContain("+++ version 2");
        unified.ShouldContain("-    We act with care and respect.");
        unified.ShouldContain("+    We act with courage and respect.");
    }
}
