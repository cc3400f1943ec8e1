using AgreementService.Agreements;
using AgreementService.Web;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace AgreementService.Publishing;

/// <summary>
/// A version, and a proposal's changes, as PDF (PDFsharp): A4, numbered clauses with their headings, a footer naming
/// the version with the page number, bookmarks for the clauses. One font, DejaVu Serif, is embedded (the glyphs used,
/// Unicode-encoded), so every European script the community writes in prints and the text can be selected and searched.
/// Text is drawn as text: nothing in a clause is read as markup.
/// </summary>
public static class PdfDocuments
{
    private const double TitleSize = 20, BodySize = 10.5, SmallSize = 8.5;
    private static readonly double[] HeadingSizes = [13, 11.5, 10.5];

    /// <summary>Title, version, ratification date and the proposal that made it, then the numbered clauses.</summary>
    public static byte[] Version(Edition edition)
    {
        var pdf = new Flow(edition.Title, $"Version {edition.Version}", edition.RatifiedAt);
        pdf.Paragraph([new Run(edition.Title, Mark.Bold)], 0, TitleSize, after: 6);
        pdf.Paragraph([new Run(edition.Made, Mark.None)], 0, BodySize, after: 14);
        Clauses(pdf, edition.Clauses, null);
        return pdf.Finish($"{edition.Title} — version {edition.Version}");
    }

    /// <summary>
    /// The proposal as a print-friendly diff: each changed clause headed by what happens to it ("In 3.2 replace:"), inserted
    /// words underlined and deleted ones struck through — in black, so that it survives black-and-white printing.
    /// </summary>
    public static byte[] Changes(Amendment amendment)
    {
        var pdf = new Flow(amendment.Title, $"Proposal against version {amendment.Base.Version}", amendment.At);
        pdf.Paragraph([new Run(amendment.Title, Mark.Bold)], 0, TitleSize, after: 6);
        pdf.Paragraph([new Run(amendment.Byline, Mark.None)], 0, BodySize, after: 10);
        pdf.Paragraph([new Run("Rationale", Mark.Bold)], 0, HeadingSizes[1], after: 2, keep: 2);
        foreach (var paragraph in Renderings.Paragraphs(amendment.Rationale))
        {
            pdf.Paragraph([new Run(paragraph, Mark.None)], 0, BodySize, after: 6);
        }

        pdf.Paragraph([new Run("Changes", Mark.Bold)], 0, HeadingSizes[0], before: 8, after: 2, keep: 2);
        pdf.Paragraph([new Run("Inserted words are ", Mark.None), new Run("underlined", Mark.Inserted), new Run("; deleted words are ", Mark.None),
            new Run("struck through", Mark.Deleted), new Run(".", Mark.None)], 0, SmallSize, after: 10);
        var renumbered = amendment.Diff.Clauses.Where(c => c.Changes is [ClauseDiffKind.Renumbered]).ToList();
        var changed = amendment.Diff.Clauses.Except(renumbered).ToList();
        if (changed.Count == 0)
        {
            pdf.Paragraph([new Run("No changes.", Mark.None)], 0, BodySize);
        }

        foreach (var clause in changed)
        {
            pdf.Paragraph([new Run(DiffView.What(clause), Mark.Bold)], 0, BodySize, before: 6, after: 2, keep: 3);
            var heading = clause.HeadingSegments is { Count: > 0 } segments ? Marked(segments, Mark.Bold)
                : (clause.ToHeading ?? clause.FromHeading) is { } unchanged ? [new Run(unchanged, Mark.Bold)] : [];
            pdf.Paragraph([new Run($"{clause.ToNumber ?? clause.FromNumber}  ", Mark.Bold), .. heading], 18, BodySize, after: 2, keep: 2);
            var text = clause.TextSegments is { } words ? Marked(words, Mark.None) : [new Run(clause.ToText ?? clause.FromText ?? "", Mark.None)];
            pdf.Paragraph(text, 18, BodySize, after: 4);
        }

        if (renumbered.Count > 0)
        {
            pdf.Paragraph([new Run("Only renumbered: " + string.Join(", ", renumbered.Select(c => $"{c.FromNumber} is now {c.ToNumber}")), Mark.None)],
                0, SmallSize, before: 8);
        }

        return pdf.Finish($"Proposal “{amendment.Title}” against version {amendment.Base.Version} of {amendment.Base.Title}");
    }

    private static void Clauses(Flow pdf, IReadOnlyList<NumberedClause> clauses, PdfOutline? parent)
    {
        foreach (var clause in clauses)
        {
            var depth = clause.Number.Count(c => c == '.');
            var indent = depth * 18;
            pdf.Paragraph([new Run(clause.Number + (clause.Heading is null ? "" : "  "), Mark.Bold), new Run(clause.Heading ?? "", Mark.Bold)], indent,
                HeadingSizes[Math.Min(depth, HeadingSizes.Length - 1)], before: depth == 0 ? 10 : 6, after: 3, keep: 2);
            var bookmark = pdf.Bookmark(parent, clause.Heading is null ? clause.Number : $"{clause.Number} {clause.Heading}");
            foreach (var paragraph in Renderings.Paragraphs(clause.Text))
            {
                pdf.Paragraph([new Run(paragraph, Mark.None)], indent, BodySize, after: 5);
            }

            Clauses(pdf, clause.Clauses, bookmark);
        }
    }

    /// <summary>Segments as runs; a space between deleted words and the inserted words that replace them, which would otherwise touch.</summary>
    private static List<Run> Marked(IReadOnlyList<TextSegment> segments, Mark equal) => segments.SelectMany((s, i) => s.Kind switch
    {
        SegmentKind.Inserted => [new Run(s.Text, equal | Mark.Inserted)],
        SegmentKind.Deleted when i + 1 < segments.Count && segments[i + 1].Kind == SegmentKind.Inserted => [new Run(s.Text, equal | Mark.Deleted), new Run(" ", equal)],
        SegmentKind.Deleted => [new Run(s.Text, equal | Mark.Deleted)],
        _ => new[] { new Run(s.Text, equal) },
    }).ToList();

    [Flags]
    private enum Mark
    {
        None = 0,
        Bold = 1,
        Inserted = 2,
        Deleted = 4,
    }

    private sealed record Run(string Text, Mark Mark);

    /// <summary>
    /// Text flowing down A4 pages: paragraphs broken into lines at spaces (a word longer than the line, at any letter),
    /// "\n" as a line break, a heading kept with the lines after it, new pages as needed; footers drawn last, when the
    /// number of pages is known.
    /// </summary>
    private sealed class Flow
    {
        private const double Margin = 64, Bottom = 72, Leading = 1.35;
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
        private readonly PdfDocument _document = new();
        private readonly Dictionary<(double, Mark), XFont> _fonts = [];
        private readonly Dictionary<(XFont, string), double> _widths = [];
        private XGraphics? _page;
        private double _y;

        public Flow(string title, string subject, DateTimeOffset at)
        {
            EmbeddedFonts.Register();
            _document.Info.Title = Property(title);
            _document.Info.Subject = Property(subject);
            _document.Info.Creator = "Agreement Service";
            _document.Info.CreationDate = at.UtcDateTime;
            _document.Info.ModificationDate = at.UtcDateTime;
            _document.PageLayout = PdfPageLayout.SinglePage;
            NewPage();
        }

        /// <summary>
        /// A document property (title, subject) as PDFsharp can keep it: it also writes each into the XMP metadata, an XML
        /// stream, without escaping (PDFsharp 6.2.4, PdfMetadata.GenerateXmp, which every save runs), so a title "Rules &amp; Values"
        /// made it malformed and one holding "&lt;/rdf:li&gt;…" added properties of its own to what readers, indexers and
        /// archives read. Its &amp;, &lt; and &gt; become their fullwidth forms there; the pages print the text as written.
        /// </summary>
        internal static string Property(string text) =>
            text.Replace('&', '\uFF06').Replace('<', '\uFF1C').Replace('>', '\uFF1E');

        private PdfPage Page => _document.Pages[^1];

        private double Width => Page.Width.Point - 2 * Margin;

        private void NewPage()
        {
            _page?.Dispose();
            var page = _document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            _page = XGraphics.FromPdfPage(page);
            _y = Margin;
        }

        public PdfOutline Bookmark(PdfOutline? parent, string title) => (parent?.Outlines ?? _document.Outlines).Add(title, Page, false);

        /// <summary>
        /// Runs of text as lines: never one line alone at the foot of a page, and a heading on the page of the
        /// <paramref name="keep"/> lines that follow it.
        /// </summary>
        public void Paragraph(IReadOnlyList<Run> runs, double indent, double size, double before = 0, double after = 0, int keep = 0)
        {
            var lines = Lines(runs, size, Width - indent);
            var height = size * Leading;
            _y += _y > Margin ? before : 0;
            if (_y + (Math.Min(lines.Count, 2) + keep) * height > Page.Height.Point - Bottom && _y > Margin)
            {
                NewPage();
            }

            foreach (var line in lines)
            {
                if (_y + height > Page.Height.Point - Bottom)
                {
                    NewPage();
                }

                var x = Margin + indent;
                foreach (var (text, font) in line)
                {
                    _page!.DrawString(text, font, XBrushes.Black, x, _y + size);
                    x += Measure(text, font);
                }

                _y += height;
            }

            _y += after;
        }

        private List<List<(string Text, XFont Font)>> Lines(IReadOnlyList<Run> runs, double size, double width)
        {
            var lines = new List<List<(string, XFont)>> { new() };
            var used = 0.0;
            void Put(string piece, XFont font)
            {
                var line = lines[^1];
                if (line.Count > 0 && line[^1].Item2 == font)
                {
                    line[^1] = (line[^1].Item1 + piece, font);
                }
                else
                {
                    line.Add((piece, font));
                }

                used += Measure(piece, font);
            }

            foreach (var run in runs)
            {
                var font = Font(size, run.Mark);
                foreach (var word in Words(run.Text))
                {
                    if (word == "\n")
                    {
                        lines.Add([]);
                        used = 0;
                        continue;
                    }

                    var visible = word.TrimEnd();
                    if (used > 0 && used + Measure(visible, font) > width)
                    {
                        lines.Add([]);
                        used = 0;
                    }

                    if (used == 0 && visible.Length == 0)
                    {
                        continue; // spaces at the start of a line
                    }

                    if (Measure(visible, font) <= width - used)
                    {
                        Put(word, font);
                        continue;
                    }

                    // A word longer than the line: broken between any two letters (never inside a surrogate pair), by their widths.
                    var (start, across) = (0, 0.0);
                    for (var i = 0; i < word.Length; i += char.IsSurrogatePair(word, i) ? 2 : 1)
                    {
                        var letter = Measure(word.Substring(i, char.IsSurrogatePair(word, i) ? 2 : 1), font);
                        if (across + letter > width - used && i > start)
                        {
                            Put(word[start..i], font);
                            lines.Add([]);
                            (used, start, across) = (0, i, 0);
                        }

                        across += letter;
                    }

                    Put(word[start..], font);
                }
            }

            return lines;
        }

        /// <summary>Words with the spaces after them, and each line break on its own.</summary>
        private static IEnumerable<string> Words(string text)
        {
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] is '\n' or '\r')
                {
                    if (i > start)
                    {
                        yield return text[start..i];
                    }

                    if (text[i] == '\n')
                    {
                        yield return "\n";
                    }

                    start = i + 1;
                }
                else if (char.IsWhiteSpace(text[i]) && (i + 1 == text.Length || !char.IsWhiteSpace(text[i + 1])))
                {
                    yield return text[start..(i + 1)];
                    start = i + 1;
                }
            }

            if (start < text.Length)
            {
                yield return text[start..];
            }
        }

        private XFont Font(double size, Mark mark)
        {
            if (!_fonts.TryGetValue((size, mark), out var font))
            {
                var style = (mark.HasFlag(Mark.Bold) ? XFontStyleEx.Bold : XFontStyleEx.Regular)
                    | (mark.HasFlag(Mark.Inserted) ? XFontStyleEx.Underline : 0) | (mark.HasFlag(Mark.Deleted) ? XFontStyleEx.Strikeout : 0);
                _fonts[(size, mark)] = font = new XFont(EmbeddedFonts.Family, size, style, Unicode);
            }

            return font;
        }

        /// <summary>The width of a text; words and letters (not whole long texts) are remembered, for they recur.</summary>
        private double Measure(string text, XFont font)
        {
            if (text.Length > 40)
            {
                return _page!.MeasureString(text, font).Width;
            }

            if (!_widths.TryGetValue((font, text), out var width))
            {
                _widths[(font, text)] = width = _page!.MeasureString(text, font).Width;
            }

            return width;
        }

        /// <summary>The footer on every page (what this is, and "Page 3 of 12"), then the file.</summary>
        public byte[] Finish(string footer)
        {
            _page?.Dispose();
            _page = null;
            var font = Font(SmallSize, Mark.None);
            for (var i = 0; i < _document.PageCount; i++)
            {
                var page = _document.Pages[i];
                using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
                var y = page.Height.Point - Bottom + 28;
                var number = $"Page {i + 1} of {_document.PageCount}";
                var width = page.Width.Point - 2 * Margin - graphics.MeasureString(number, font).Width - 12;
                var text = footer;
                while (text.Length > 1 && graphics.MeasureString(text, font).Width > width)
                {
                    text = text[..^2] + "…";
                }

                graphics.DrawString(text, font, XBrushes.Black, Margin, y);
                graphics.DrawString(number, font, XBrushes.Black, new XRect(Margin, y - SmallSize, page.Width.Point - 2 * Margin, SmallSize * 1.5),
                    XStringFormats.TopRight);
            }

            using var file = new MemoryStream();
            _document.Save(file, closeStream: false);
            return file.ToArray();
        }
    }
}

/// <summary>
/// DejaVu Serif (regular, bold, italic), embedded in this assembly (see Fonts/LICENSE.txt): the only face the PDFs use,
/// so they print the same whatever fonts the machine has. PDFsharp takes one resolver for the whole process.
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "DejaVu Serif";
    private static readonly Lazy<bool> Registered = new(() => (GlobalFontSettings.FontResolver = new EmbeddedFonts()) is not null);

    public static void Register() => _ = Registered.Value;

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSerif-Bold" : italic ? "DejaVuSerif-Italic" : "DejaVuSerif");

    public byte[] GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"fonts/{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName} is not embedded.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
