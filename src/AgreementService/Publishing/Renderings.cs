using System.Net;
using System.Text;
using AgreementService.Agreements;
using DiffPlex.Chunkers;
using DiffPlex.Renderer;

namespace AgreementService.Publishing;

/// <summary>
/// The agreement and its diffs as HTML fragments, Markdown and unified diffs. Every piece of clause text is
/// escaped: a clause containing markup or script renders as text. The CSS classes are stable for partner sites.
/// </summary>
public static class Renderings
{
    public static string AgreementHtml(AgreementView agreement)
    {
        var html = new StringBuilder();
        html.Append($"<article class=\"agreement\" data-slug=\"{E(agreement.Slug)}\" data-version=\"{agreement.Version}\">\n");
        html.Append($"<h1 class=\"agreement-title\">{E(agreement.Title)}</h1>\n<p class=\"agreement-version\">Version {agreement.Version}</p>\n");
        Clauses(html, agreement.Clauses);
        return html.Append("</article>\n").ToString();
    }

    private static void Clauses(StringBuilder html, IReadOnlyList<NumberedClause> clauses)
    {
        if (clauses.Count == 0)
        {
            return;
        }

        html.Append("<ol class=\"agreement-clauses\">\n");
        foreach (var clause in clauses)
        {
            html.Append($"<li class=\"agreement-clause\" id=\"clause-{clause.Id}\" data-number=\"{clause.Number}\">");
            html.Append($"<span class=\"clause-number\">{clause.Number}</span>");
            if (clause.Heading is not null)
            {
                html.Append($" <strong class=\"clause-heading\">{E(clause.Heading)}</strong>");
            }

            html.Append('\n');
            foreach (var paragraph in Paragraphs(clause.Text))
            {
                html.Append($"<p class=\"clause-text\">{E(paragraph)}</p>\n");
            }

            Clauses(html, clause.Clauses);
            html.Append("</li>\n");
        }

        html.Append("</ol>\n");
    }

    public static string AgreementMarkdown(AgreementView agreement)
    {
        var md = new StringBuilder($"# {M(agreement.Title)}\n\n_Version {agreement.Version}_\n\n");
        void Walk(IReadOnlyList<NumberedClause> clauses, int depth)
        {
            foreach (var clause in clauses)
            {
                md.Append($"{new string('#', depth + 1)} {clause.Number}{(clause.Heading is null ? "" : $" {M(clause.Heading)}")}\n\n{M(clause.Text)}\n\n");
                Walk(clause.Clauses, depth + 1);
            }
        }

        Walk(agreement.Clauses, 1);
        return md.ToString();
    }

    public static string DiffHtml(AgreementDiff diff)
    {
        var html = new StringBuilder($"<section class=\"agreement-diff\" data-from=\"{diff.From}\" data-to=\"{diff.To}\">\n");
        if (diff.Clauses.Count == 0)
        {
            html.Append("<p class=\"diff-empty\">No changes.</p>\n");
        }

        foreach (var clause in diff.Clauses)
        {
            var kinds = string.Join(' ', clause.Changes.Select(k => $"clause-diff--{Word(k)}"));
            html.Append($"<article class=\"clause-diff {kinds}\" data-clause-id=\"{clause.ClauseId}\">\n<h3 class=\"clause-diff-title\">");
            html.Append($"<span class=\"clause-number\">{clause.ToNumber ?? clause.FromNumber}</span> ");
            html.Append($"<span class=\"clause-diff-what\">{E(Describe(clause))}</span></h3>\n");
            if (clause.HeadingSegments is { Count: > 0 } heading)
            {
                html.Append($"<p class=\"clause-heading\">{Segments(heading)}</p>\n");
            }
            else if ((clause.ToHeading ?? clause.FromHeading) is { } unchanged)
            {
                html.Append($"<p class=\"clause-heading\">{E(unchanged)}</p>\n");
            }

            html.Append($"<p class=\"clause-text\">{(clause.TextSegments is { } text ? Segments(text) : E(clause.ToText ?? clause.FromText ?? ""))}</p>\n</article>\n");
        }

        return html.Append("</section>\n").ToString();
    }

    private static string Segments(IReadOnlyList<TextSegment> segments) => string.Concat(segments.Select(s => s.Kind switch
    {
        SegmentKind.Inserted => $"<ins class=\"diff-ins\">{E(s.Text)}</ins>",
        SegmentKind.Deleted => $"<del class=\"diff-del\">{E(s.Text)}</del>",
        _ => E(s.Text),
    }));

    /// <summary>Markdown with CriticMarkup: {++inserted++} and {--deleted--}.</summary>
    public static string DiffMarkdown(AgreementDiff diff)
    {
        var md = new StringBuilder($"# Changes from version {diff.From} to version {diff.To}\n\n");
        if (diff.Clauses.Count == 0)
        {
            md.Append("No changes.\n");
        }

        foreach (var clause in diff.Clauses)
        {
            md.Append($"## {clause.ToNumber ?? clause.FromNumber} — {Describe(clause)}\n\n");
            if (clause.HeadingSegments is { Count: > 0 } heading)
            {
                md.Append($"**{Critic(heading)}**\n\n");
            }

            md.Append(clause.TextSegments is { } text ? Critic(text) : M(clause.ToText ?? clause.FromText ?? "")).Append("\n\n");
        }

        return md.ToString();
    }

    private static string Critic(IReadOnlyList<TextSegment> segments) => string.Concat(segments.Select(s => s.Kind switch
    {
        SegmentKind.Inserted => $"{{++{M(s.Text)}++}}",
        SegmentKind.Deleted => $"{{--{M(s.Text)}--}}",
        _ => M(s.Text),
    }));

    /// <summary>A unified diff of the two versions' numbered text, as `diff -u` would print it.</summary>
    public static string DiffUnified(AgreementDiff diff, IReadOnlyList<NumberedClause> from, IReadOnlyList<NumberedClause> to) =>
        UnidiffRenderer.Instance.Generate(BoundedDiff.Create(NumberedText(from), NumberedText(to), new LineChunker(), DiffBudget.ForRendering()),
            $"version {diff.From}", $"version {diff.To}");

    public static string NumberedText(IReadOnlyList<NumberedClause> clauses)
    {
        var text = new StringBuilder();
        void Walk(IReadOnlyList<NumberedClause> level)
        {
            foreach (var clause in level)
            {
                text.Append(clause.Number).Append(clause.Heading is null ? "" : $" {clause.Heading}").Append('\n');
                foreach (var line in clause.Text.Split('\n'))
                {
                    text.Append("    ").Append(line.TrimEnd('\r')).Append('\n');
                }

                Walk(clause.Clauses);
            }
        }

        Walk(clauses);
        return text.ToString();
    }

    /// <summary>In words: "amended", "moved from 3.2 and amended", "added", "removed (was 4.1)".</summary>
    public static string Describe(ClauseDiff clause) => string.Join(" and ", clause.Changes.Select(k => k switch
    {
        ClauseDiffKind.Moved => $"moved from {clause.FromNumber}",
        ClauseDiffKind.Renumbered => $"renumbered from {clause.FromNumber}",
        ClauseDiffKind.Removed => $"removed (was {clause.FromNumber})",
        _ => Word(k),
    }));

    private static string Word(ClauseDiffKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A text's paragraphs: what a blank line separates.</summary>
    internal static IEnumerable<string> Paragraphs(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// Text in Markdown: '&lt;', '&gt;' and '&amp;' as entities, so that a renderer passing HTML through shows clause text as
    /// text (a clause holding &lt;script&gt; reads as that, and runs nothing).
    /// </summary>
    private static string M(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);
}
