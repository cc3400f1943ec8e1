using AgreementService.Agreements;
using CsCheck;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.Model;

namespace AgreementService.Tests.Unit;

/// <summary>The bounded diff is an exact edit script, as short as DiffPlex's when it can pay for one, and costs at most its budget.</summary>
public sealed class BoundedDiffTests
{
    private static readonly Gen<string> Texts = Gen.Int[0, 7].Select(i => new[] { "a", "b", "c", "the", "clause", " ", ".", "," }[i]).Array[0, 60].Select(string.Concat);

    [Fact]
    public void its_words_turn_the_older_text_into_the_newer_with_as_few_changes_as_diffplex_joined_as_a_reader_would()
    {
        var words = new CustomFunctionChunker(text => Pieces(text).ToArray());
        Gen.Select(Texts, Texts).Sample((older, newer) =>
        {
            var segments = Diff.Words(older, newer, DiffBudget.ForRendering());
            var reference = Differ.Instance.CreateDiffs(older, newer, false, false, words);

            string.Concat(segments.Where(s => s.Kind != SegmentKind.Inserted).Select(s => s.Text)).ShouldBe(older);
            string.Concat(segments.Where(s => s.Kind != SegmentKind.Deleted).Select(s => s.Text)).ShouldBe(newer);
            BoundedDiff.Words(older, newer, DiffBudget.ForRendering()).Blocks.Sum(b => b.DeleteCountA + b.InsertCountB)
                .ShouldBe(Changed(reference), "Myers' script is minimal, and so is this one while the budget lasts");
        }, iter: 1_000);
    }

    [Fact]
    public void white_space_alone_between_two_changes_joins_them()
    {
        Diff.Words("We act with courage and respect.", "We act with courage, respect and joy.", DiffBudget.ForRendering()).ShouldBe([
            new TextSegment(SegmentKind.Equal, "We act with courage"),
            new TextSegment(SegmentKind.Inserted, ", respect"),
            new TextSegment(SegmentKind.Equal, " and "),
            new TextSegment(SegmentKind.Deleted, "respect"),
            new TextSegment(SegmentKind.Inserted, "joy"),
            new TextSegment(SegmentKind.Equal, "."),
        ]);
    }

    [Fact]
    public void words_are_runs_of_letters_and_digits_in_any_script_with_white_space_and_punctuation_apart()
    {
        Pieces("Ἀρχή 1.2, статья  ñandú!").ShouldBe(["Ἀρχή", " ", "1", ".", "2", ",", " ", "статья", "  ", "ñandú", "!"]);
    }

    private static IEnumerable<string> Pieces(string text)
    {
        var from = 0;
        foreach (var end in BoundedDiff.WordEnds(text))
        {
            yield return text[from..end];
            from = end;
        }
    }

    [Fact]
    public void a_rewrite_the_budget_cannot_pay_for_is_shown_as_replaced_whole_between_what_both_ends_share()
    {
        var older = "Shared opening. " + string.Join(' ', Enumerable.Range(0, 10_000).Select(i => (char)('a' + i % 7))) + " Shared close.";
        var newer = "Shared opening. " + string.Join(' ', Enumerable.Range(0, 10_000).Select(i => (char)('h' + i % 11))) + " Shared close.";
        var budget = DiffBudget.ForRendering();

        var diff = BoundedDiff.Create(older, newer, new WordChunker(), budget);

        Apply(diff).ShouldBe(newer);
        var block = diff.DiffBlocks.ShouldHaveSingleItem();
        string.Concat(diff.PiecesOld.Take(block.DeleteStartA)).ShouldBe("Shared opening. ");
        string.Concat(diff.PiecesOld.Skip(block.DeleteStartA + block.DeleteCountA)).ShouldBe(" Shared close.");
        budget.Left.ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void the_texts_of_one_rendering_share_one_budget_and_what_it_cannot_pay_for_is_still_exact()
    {
        var budget = new DiffBudget(10_000);
        var older = string.Join(' ', Enumerable.Range(0, 500).Select(i => i % 3 == 0 ? "x" : "y"));
        var newer = string.Join(' ', Enumerable.Range(0, 500).Select(i => i % 5 == 0 ? "x" : "y"));

        var first = BoundedDiff.Create(older, newer, new WordChunker(), budget);
        var second = BoundedDiff.Create(older, newer, new WordChunker(), budget);

        Apply(first).ShouldBe(newer);
        Apply(second).ShouldBe(newer);
        budget.Left.ShouldBe(0);
        second.DiffBlocks.Count.ShouldBe(1, "nothing left to pay for a finer diff");
    }

    [Fact]
    public void once_the_budget_is_spent_a_text_is_replaced_whole_between_the_words_both_ends_share()
    {
        Gen.Select(Texts, Texts).Sample((older, newer) =>
        {
            var segments = Diff.Words(older, newer, new DiffBudget(0));

            string.Concat(segments.Where(s => s.Kind != SegmentKind.Inserted).Select(s => s.Text)).ShouldBe(older);
            string.Concat(segments.Where(s => s.Kind != SegmentKind.Deleted).Select(s => s.Text)).ShouldBe(newer);
            segments.Count(s => s.Kind == SegmentKind.Deleted).ShouldBeLessThanOrEqualTo(1);
            segments.Count(s => s.Kind == SegmentKind.Inserted).ShouldBeLessThanOrEqualTo(1);
        }, iter: 1_000);

        Diff.Words("We act with care and respect.", "We act with courage and respect.", new DiffBudget(0)).ShouldBe([
            new TextSegment(SegmentKind.Equal, "We act with "),
            new TextSegment(SegmentKind.Deleted, "care"),
            new TextSegment(SegmentKind.Inserted, "courage"),
            new TextSegment(SegmentKind.Equal, " and respect."),
        ]);
    }

    private static string Apply(DiffResult diff)
    {
        var text = new List<string>();
        var next = 0;
        foreach (var block in diff.DiffBlocks)
        {
            text.AddRange(diff.PiecesOld.Skip(next).Take(block.DeleteStartA - next));
            text.AddRange(diff.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB));
            next = block.DeleteStartA + block.DeleteCountA;
        }

        text.AddRange(diff.PiecesOld.Skip(next));
        return string.Concat(text);
    }

    private static int Changed(DiffResult diff) => diff.DiffBlocks.Sum(b => b.DeleteCountA + b.InsertCountB);
}
