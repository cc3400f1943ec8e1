using System.Globalization;
using System.Text;
using AgreementService.Agreements;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace AgreementService.Publishing;

/// <summary>
/// A version, and a proposal as tracked changes against the version it applies to, as Word documents (DOCX): lawyers work
/// in Word. Clauses are headings in Word's own heading styles carrying Word's own multi-level numbering, so Word computes
/// the same numbers as ours (both are purely positional) and a lawyer adding a clause gets the next number. A proposal's
/// changes are Word revisions (<c>w:ins</c>/<c>w:del</c>, by the proposal's author at its date), so reviewers read them in
/// Word's review mode and can accept or reject them. Text always goes into text nodes: it is never interpreted as markup.
/// </summary>
public static class WordDocuments
{
    public static byte[] Version(Edition edition)
    {
        var body = new List<OpenXmlElement> { Plain(edition.Title, StyleIds.Title), Plain(edition.Made) };
        foreach (var (clause, depth) in InOrder(edition.Clauses))
        {
            body.AddRange(ClauseParagraphs(depth, clause.Heading, clause.Text, SegmentKind.Equal, null));
        }

        return Document(edition.Title, $"Version {edition.Version} of {edition.Title}", edition.Made, null, $"{edition.Title} — version {edition.Version}", body);
    }

    /// <summary>
    /// The whole text of the version the proposal applies to, with every change in it as a Word revision. Word's own
    /// numbering numbers the paragraphs as they stand in the document, deleted ones included while they are shown; once
    /// the changes are accepted, the numbers are the proposal's.
    /// </summary>
    public static byte[] TrackedChanges(Amendment amendment)
    {
        var edition = amendment.Base;
        var body = new List<OpenXmlElement> { Plain(edition.Title, StyleIds.Title), Plain(amendment.Byline) };
        body.AddRange(Renderings.Paragraphs(amendment.Rationale).Select(p => Plain(p)));

        // A clause shows as deleted at its old place when it is removed or moved, or its parent shows so (it went with it);
        // as inserted at its new place when it is added or moved, or its parent is inserted. Every other clause stays where
        // it was (perhaps amended, word by word) and is in both outlines, in the same order. So: walk the resulting outline
        // in document order, and after each clause that stays, emit the clauses deleted right after it in the old outline's
        // document order (those deleted before any clause stays come first). Each clause of either outline is emitted once.
        var changes = amendment.Diff.Clauses.ToDictionary(c => c.ClauseId);
        bool Goes(Guid id) => changes.TryGetValue(id, out var change) && change.Changes.Any(k => k is ClauseDiffKind.Added or ClauseDiffKind.Removed or ClauseDiffKind.Moved);
        var deletedAfter = new Dictionary<Guid, List<(NumberedClause Clause, int Depth)>>();
        Guid stays = Guid.Empty;
        foreach (var (clause, depth, gone) in Flagged(edition.Clauses, Goes))
        {
            if (gone)
            {
                deletedAfter.TryAdd(stays, []);
                deletedAfter[stays].Add((clause, depth));
            }
            else
            {
                stays = clause.Id;
            }
        }

        var revisions = new Revisions(amendment.Author, amendment.At.UtcDateTime);
        void EmitDeleted(Guid after) => body.AddRange(deletedAfter.GetValueOrDefault(after, []).SelectMany(d => ClauseParagraphs(d.Depth, d.Clause.Heading, d.Clause.Text, SegmentKind.Deleted, revisions)));
        EmitDeleted(Guid.Empty);
        foreach (var (clause, depth, inserted) in Flagged(amendment.Result, Goes))
        {
            if (inserted)
            {
                body.AddRange(ClauseParagraphs(depth, clause.Heading, clause.Text, SegmentKind.Inserted, revisions));
                continue;
            }

            body.AddRange(changes.TryGetValue(clause.Id, out var change) && change.Changes.Contains(ClauseDiffKind.Amended)
                ? ClauseParagraphs(depth, new Marks(change.HeadingSegments ?? [], SegmentKind.Equal), Paragraphs(change.TextSegments ?? []), revisions)
                : ClauseParagraphs(depth, clause.Heading, clause.Text, SegmentKind.Equal, revisions));
            EmitDeleted(clause.Id);
        }

        return Document(edition.Title, $"Proposal “{amendment.Title}” against version {edition.Version} of {edition.Title}", amendment.Rationale, amendment.Author,
            $"{edition.Title} — proposal “{amendment.Title}” against version {edition.Version}", body, trackRevisions: true);
    }

    /// <summary>The clauses in document order with their depth (1 for the top level).</summary>
    private static IEnumerable<(NumberedClause Clause, int Depth)> InOrder(IReadOnlyList<NumberedClause> clauses, int depth = 1) =>
        clauses.SelectMany(c => InOrder(c.Clauses, depth + 1).Prepend((c, depth)));

    /// <summary>The clauses in document order, each marked when it or one of its ancestors is.</summary>
    private static IEnumerable<(NumberedClause Clause, int Depth, bool Marked)> Flagged(IReadOnlyList<NumberedClause> clauses, Func<Guid, bool> marked,
        int depth = 1, bool parent = false) =>
        clauses.SelectMany(c =>
        {
            var mine = parent || marked(c.Id);
            return Flagged(c.Clauses, marked, depth + 1, mine).Prepend((c, depth, mine));
        });

    /// <summary>A paragraph's words, each equal, inserted or deleted, and how its paragraph mark is (inserted or deleted with it, or kept).</summary>
    private sealed record Marks(IReadOnlyList<TextSegment> Words, SegmentKind Mark);

    /// <summary>A clause that is all one kind (kept, inserted or deleted): its heading and each paragraph of its text.</summary>
    private static IEnumerable<Paragraph> ClauseParagraphs(int depth, string? heading, string text, SegmentKind kind, Revisions? revisions) =>
        ClauseParagraphs(depth, new Marks(heading is null ? [] : [new TextSegment(kind, heading)], kind),
            Renderings.Paragraphs(text).Select(p => new Marks([new TextSegment(kind, p)], kind)), revisions);

    /// <summary>
    /// A clause: its heading paragraph in the heading style of its depth, numbered by Word, and its text paragraphs indented to
    /// sit under the heading. A clause without heading keeps an empty heading paragraph, so that its number shows, stands on a
    /// line of its own as every other number does, and Word's navigation pane lists every clause.
    /// </summary>
    private static IEnumerable<Paragraph> ClauseParagraphs(int depth, Marks heading, IEnumerable<Marks> text, Revisions? revisions)
    {
        var level = Math.Min(depth, Agreements.Outline.MaxDepth) - 1;
        yield return MarkedParagraph(new ParagraphProperties(new ParagraphStyleId { Val = StyleIds.Headings[level] },
            new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = ListId })), heading, revisions);
        foreach (var paragraph in text)
        {
            yield return MarkedParagraph(new ParagraphProperties(new Indentation { Left = Indent(level).ToString(CultureInfo.InvariantCulture) }), paragraph, revisions);
        }
    }

    /// <summary>
    /// A word diff as paragraphs that read, once the changes are accepted, as <see cref="Renderings.Paragraphs"/> splits the
    /// newer text, and once they are rejected, as it splits the older. The older and the newer text each are split by that
    /// rule ("\n\n" between paragraphs, white space around them dropped, empty ones too), and every character keeps the
    /// kind that makes it show where it belongs: kept in both texts, only in the older (deleted) or only in the newer
    /// (inserted). A paragraph break of only one of them is a deleted or inserted paragraph mark.
    /// </summary>
    private static List<Marks> Paragraphs(IReadOnlyList<TextSegment> segments)
    {
        var chars = segments.SelectMany(s => s.Text.Where(c => c != '\r').Select(c => (Char: c, s.Kind))).ToList();
        var older = Split(chars, SegmentKind.Inserted);
        var newer = Split(chars, SegmentKind.Deleted);
        var paragraphs = new List<Marks>();
        var words = new List<TextSegment>();
        var (word, wordKind) = (new StringBuilder(), SegmentKind.Equal);
        void EndWord()
        {
            if (word.Length > 0)
            {
                words.Add(new TextSegment(wordKind, word.ToString()));
                word.Clear();
            }
        }

        for (var i = 0; i <= chars.Count; i++)
        {
            var (inOlder, inNewer) = (older.Breaks.Contains(i), newer.Breaks.Contains(i));
            if (inOlder || inNewer || i == chars.Count && (words.Count > 0 || word.Length > 0))
            {
                EndWord();
                paragraphs.Add(new Marks(words, inOlder == inNewer ? SegmentKind.Equal : inOlder ? SegmentKind.Deleted : SegmentKind.Inserted));
                words = [];
            }

            if (i == chars.Count || !older.Kept[i] && !newer.Kept[i])
            {
                continue;
            }

            var kind = older.Kept[i] && newer.Kept[i] ? SegmentKind.Equal : older.Kept[i] ? SegmentKind.Deleted : SegmentKind.Inserted;
            if (kind != wordKind)
            {
                EndWord();
                wordKind = kind;
            }

            word.Append(chars[i].Char);
        }

        return paragraphs;
    }

    /// <summary>
    /// The text without the characters of one kind, split into paragraphs: which characters are kept as paragraph text, and
    /// where (the first "\n\n" after a paragraph) each paragraph but the last ends.
    /// </summary>
    private static (bool[] Kept, HashSet<int> Breaks) Split(List<(char Char, SegmentKind Kind)> chars, SegmentKind without)
    {
        var positions = Enumerable.Range(0, chars.Count).Where(i => chars[i].Kind != without).ToArray();
        var text = string.Concat(positions.Select(i => chars[i].Char));
        var (kept, breaks) = (new bool[chars.Count], new HashSet<int>());
        int? end = null;
        for (var from = 0; from <= text.Length;)
        {
            var next = text.IndexOf("\n\n", from, StringComparison.Ordinal) is var found and >= 0 ? found : text.Length;
            var (start, stop) = (from, next);
            while (start < stop && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (stop > start && char.IsWhiteSpace(text[stop - 1]))
            {
                stop--;
            }

            if (start < stop)
            {
                if (end is { } previous)
                {
                    breaks.Add(positions[text.IndexOf("\n\n", previous, StringComparison.Ordinal)]);
                }

                for (var i = start; i < stop; i++)
                {
                    kept[positions[i]] = true;
                }

                end = stop;
            }

            from = next + 2;
        }

        return (kept, breaks);
    }

    private static Paragraph Plain(string text, string? style = null)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
        {
            properties.Append(new ParagraphStyleId { Val = style });
        }

        return MarkedParagraph(properties, new Marks([new TextSegment(SegmentKind.Equal, text)], SegmentKind.Equal), null);
    }

    /// <summary>A paragraph of marked words: kept words as runs, inserted ones in <c>w:ins</c>, deleted ones in <c>w:del</c>.</summary>
    private static Paragraph MarkedParagraph(ParagraphProperties properties, Marks marks, Revisions? revisions)
    {
        if (marks.Mark != SegmentKind.Equal)
        {
            properties.Append(new ParagraphMarkRunProperties(revisions!.Mark(marks.Mark)));
        }

        var paragraph = properties.HasChildren ? new Paragraph(properties) : new Paragraph();
        foreach (var words in marks.Words)
        {
            var run = TextRun(words.Text, words.Kind == SegmentKind.Deleted);
            paragraph.Append(words.Kind switch
            {
                SegmentKind.Inserted => revisions!.Inserted(run),
                SegmentKind.Deleted => revisions!.Deleted(run),
                _ => run,
            });
        }

        return paragraph;
    }

    /// <summary>Text as a run: line breaks as <c>w:br</c>, tabs as <c>w:tab</c>, the rest in text nodes (<c>w:delText</c> when deleted).</summary>
    private static Run TextRun(string text, bool deleted)
    {
        var run = new Run();
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            if (l > 0)
            {
                run.Append(new Break());
            }

            var cells = lines[l].Split('\t');
            for (var t = 0; t < cells.Length; t++)
            {
                if (t > 0)
                {
                    run.Append(new TabChar());
                }

                if (cells[t].Length > 0)
                {
                    run.Append(deleted ? new DeletedText(cells[t]) { Space = SpaceProcessingModeValues.Preserve } : new Text(cells[t]) { Space = SpaceProcessingModeValues.Preserve });
                }
            }
        }

        return run;
    }

    /// <summary>Word revisions by one author at one time, each with an id of its own.</summary>
    private sealed class Revisions(string author, DateTime at)
    {
        private int _next;

        private string Id() => (++_next).ToString(CultureInfo.InvariantCulture);

        public InsertedRun Inserted(Run run) => new(run) { Author = author, Date = at, Id = Id() };

        public DeletedRun Deleted(Run run) => new(run) { Author = author, Date = at, Id = Id() };

        /// <summary>The paragraph mark inserted or deleted.</summary>
        public OpenXmlElement Mark(SegmentKind kind) =>
            kind == SegmentKind.Inserted ? new Inserted { Author = author, Date = at, Id = Id() } : new Deleted { Author = author, Date = at, Id = Id() };
    }

    private const int ListId = 1;

    /// <summary>Where the text of a clause at this level (0 for the top) starts: its number hangs in front of it.</summary>
    private static int Indent(int level) => 851 + 567 * level;

    private const int Hanging = 851; // 1.5 cm in twentieths of a point: room for "1.2.10"

    /// <summary>The names of the styles: Word's built-in ones, so Word (and the navigation pane) treats them as its own.</summary>
    private static class StyleIds
    {
        public const string Title = "Title";
        public static readonly string[] Headings = ["Heading1", "Heading2", "Heading3"];
    }

    /// <summary>
    /// DejaVu Serif covers Latin with diacritics, Greek and Cyrillic (and is what the PDFs embed); where it is not installed,
    /// Word substitutes the alternative named in the font table.
    /// </summary>
    private const string Font = "DejaVu Serif", FallbackFont = "Times New Roman";

    /// <summary>The document: its properties, styles, numbering, settings, font table, footer and body.</summary>
    private static byte[] Document(string title, string subject, string description, string? author, string footer, IEnumerable<OpenXmlElement> body,
        bool trackRevisions = false)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            document.PackageProperties.Subject = subject;
            document.PackageProperties.Description = description;
            document.PackageProperties.Creator = author;
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = StyleSheet();
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = ClauseNumbering();
            main.AddNewPart<FontTablePart>().Fonts = new Fonts(new DocumentFormat.OpenXml.Wordprocessing.Font(new AltName { Val = FallbackFont },
                new FontFamily { Val = FontFamilyValues.Roman }, new Pitch { Val = FontPitchValues.Variable }) { Name = Font });
            main.AddNewPart<DocumentSettingsPart>().Settings = DocumentSettings(trackRevisions);
            var footerPart = main.AddNewPart<FooterPart>();
            footerPart.Footer = new Footer(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                TextRun($"{footer} — page ", false), new SimpleField(TextRun("1", false)) { Instruction = " PAGE " }));
            main.Document = new Document(new Body(body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footerPart) },
                new PageSize { Width = 11906, Height = 16838 }, // A4
                new PageMargin { Top = 1418, Bottom = 1418, Left = 1418, Right = 1418, Header = 709, Footer = 709, Gutter = 0 }))));
        }

        return stream.ToArray();
    }

    private static Settings DocumentSettings(bool trackRevisions)
    {
        var settings = new Settings();
        if (trackRevisions)
        {
            settings.Append(new TrackRevisions()); // a reviewer's own edits are tracked too
        }

        // Without it Word opens the document in compatibility mode, as if written by Word 2007.
        settings.Append(new Compatibility(new CompatibilitySetting
        {
            Name = CompatSettingNameValues.CompatibilityMode, Uri = "http://schemas.microsoft.com/office/word", Val = "15",
        }));
        return settings;
    }

    private static Styles StyleSheet()
    {
        Style Define(string id, string name, string? basedOn, StyleParagraphProperties properties, StyleRunProperties run)
        {
            var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
            if (basedOn is not null)
            {
                style.Append(new BasedOn { Val = basedOn }, new NextParagraphStyle { Val = "Normal" });
            }

            style.Append(new PrimaryStyle(), properties, run);
            return style;
        }

        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font },
                    new FontSize { Val = "22" }, new FontSizeComplexScript { Val = "22" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto }))),
            Define("Normal", "Normal", null, new StyleParagraphProperties(), new StyleRunProperties()),
            Define(StyleIds.Title, "Title", "Normal", new StyleParagraphProperties(new SpacingBetweenLines { After = "240" }),
                new StyleRunProperties(new Bold(), new FontSize { Val = "40" }, new FontSizeComplexScript { Val = "40" })));
        styles.Elements<Style>().First().Default = true;
        for (var level = 0; level < StyleIds.Headings.Length; level++)
        {
            styles.Append(Define(StyleIds.Headings[level], $"heading {level + 1}", "Normal",
                new StyleParagraphProperties(new KeepNext(), new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = ListId }),
                    new SpacingBetweenLines { Before = level == 0 ? "360" : "240", After = "120" }, new OutlineLevel { Val = level }),
                new StyleRunProperties(new Bold(), new FontSize { Val = $"{28 - 2 * level}" }, new FontSizeComplexScript { Val = $"{28 - 2 * level}" })));
        }

        return styles;
    }

    /// <summary>One multi-level list, "1", "1.1", "1.1.1", each level tied to its heading style.</summary>
    private static Numbering ClauseNumbering()
    {
        var abstractNum = new AbstractNum(new MultiLevelType { Val = MultiLevelValues.Multilevel }) { AbstractNumberId = 0 };
        for (var level = 0; level < StyleIds.Headings.Length; level++)
        {
            abstractNum.Append(new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = NumberFormatValues.Decimal },
                new ParagraphStyleIdInLevel { Val = StyleIds.Headings[level] },
                new LevelText { Val = string.Join('.', Enumerable.Range(1, level + 1).Select(l => $"%{l}")) },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation
                {
                    Left = Indent(level).ToString(CultureInfo.InvariantCulture), Hanging = Hanging.ToString(CultureInfo.InvariantCulture),
                })) { LevelIndex = level });
        }

        return new Numbering(abstractNum, new NumberingInstance(new AbstractNumId { Val = 0 }) { NumberID = ListId });
    }
}
