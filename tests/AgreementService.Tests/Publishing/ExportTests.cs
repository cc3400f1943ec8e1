using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AgreementService.Tests.Support;
using UglyToad.PdfPig;

namespace AgreementService.Tests.Publishing;

/// <summary>
/// The exports through the API, as members and partner sites ask for them: by Accept, as attachments with a file name,
/// cached and tagged as the text is, and for proposals against the version they apply to. What is inside each document
/// is tested with the renderers (Unit/PdfDocumentsTests, WordDocumentsTests, AkomaNtosoTests).
/// </summary>
public sealed class ExportTests(AppFixture app) : IntegrationContext(app)
{
    private const string Pdf = "application/pdf", Word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        AkomaNtoso = "application/akn+xml";

    private static readonly XNamespace W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private static readonly XNamespace Akn = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Regex.Replace(string.Join(" ", document.GetPages().Select(p => p.Text)), @"\s+", " ");
    }

    /// <summary>The main part of a Word document, as XML.</summary>
    private static XDocument WordBody(byte[] docx)
    {
        using var zip = new ZipArchive(new MemoryStream(docx));
        using var part = zip.GetEntry("word/document.xml")!.Open();
        return XDocument.Load(part);
    }

    private static string WordText(byte[] docx) => string.Concat(WordBody(docx).Descendants(W + "t").Select(t => t.Value + " "));

    private async Task<(Community C, string Proposal)> AmendedAsync()
    {
        var c = await Api.CommunityAsync();
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var proposal = await Api.RatifyAsync(c, new { op = "amend", clauseId = values, text = "We act with courage and respect. Мы действуем смело. Ενεργούμε με θάρρος." });
        return (c, proposal);
    }

    [Fact]
    public async Task members_download_any_version_as_pdf_word_and_akoma_ntoso()
    {
        var (c, _) = await AmendedAsync();
        var url = $"/agreements/{c.AgreementId}/versions/2";

        var pdf = (await Api.AcceptAsync(url, Pdf, c.Observer.Token)).ShouldBe(HttpStatusCode.OK);
        pdf.MediaType.ShouldBe(Pdf);
        pdf.ContentHeaders.ContentDisposition!.DispositionType.ShouldBe("attachment");
        pdf.ContentHeaders.ContentDisposition.FileName.ShouldBe("community-agreement-version-2.pdf");
        pdf.Headers.CacheControl!.NoStore.ShouldBeTrue("a member's answer is not stored");
        var text = PdfText(pdf.Bytes);
        text.ShouldContain("Version 2");
        text.ShouldContain("2 Values");
        text.ShouldContain("We act with courage and respect. Мы действуем смело. Ενεργούμε με θάρρος.");
        text.ShouldContain("Version 2, ratified on");
        text.ShouldContain("by the proposal “Clarify our purpose”");

        var word = (await Api.AcceptAsync(url, Word, c.Observer.Token)).ShouldBe(HttpStatusCode.OK);
        word.ContentHeaders.ContentDisposition!.FileName.ShouldBe("community-agreement-version-2.docx");
        WordText(word.Bytes).ShouldContain("Мы действуем смело.");

        var akn = (await Api.AcceptAsync(url, AkomaNtoso, c.Observer.Token)).ShouldBe(HttpStatusCode.OK);
        akn.MediaType.ShouldBe(AkomaNtoso);
        akn.ContentHeaders.ContentDisposition!.FileName.ShouldBe("community-agreement-version-2.akn.xml");
        var sections = XDocument.Parse(akn.Body).Descendants(Akn + "section").ToList();
        sections.Select(s => s.Element(Akn + "num")!.Value).ShouldBe(["1", "1.1", "1.2", "2", "3"]);

        var founding = PdfText((await Api.AcceptAsync($"/agreements/{c.AgreementId}/versions/1", Pdf, c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Bytes);
        founding.ShouldContain("We act with care and respect.");
        founding.ShouldContain("Founding text");
        PdfText((await Api.AcceptAsync($"/agreements/{c.AgreementId}", Pdf, c.Member.Token)).ShouldBe(HttpStatusCode.OK).Bytes).ShouldContain("Version 2");
    }

    [Fact]
    public async Task a_version_document_is_made_once_and_tagged_like_the_text()
    {
        var (c, _) = await AmendedAsync();
        var url = $"/agreements/{c.AgreementId}/versions/2";

        var first = (await Api.AcceptAsync(url, Pdf, c.Member.Token)).ShouldBe(HttpStatusCode.OK);
        var again = (await Api.AcceptAsync(url, Pdf, c.Observer.Token)).ShouldBe(HttpStatusCode.OK);

        again.Bytes.ShouldBe(first.Bytes, "kept, not made again");
        again.Headers.ETag!.Tag.ShouldBe(first.Headers.ETag!.Tag);
        (await Api.AcceptAsync(url, Pdf, c.Member.Token, ifNoneMatch: first.Headers.ETag.Tag)).Status.ShouldBe(HttpStatusCode.NotModified);
        (await Api.AcceptAsync(url, Word, c.Member.Token)).Headers.ETag!.Tag.ShouldNotBe(first.Headers.ETag.Tag);
    }

    [Fact]
    public async Task partner_sites_download_a_public_agreements_documents_and_nothing_of_a_members_only_one()
    {
        var (c, _) = await AmendedAsync();
        var slug = "community-agreement";

        var current = (await Api.AcceptAsync($"/public/agreements/{slug}", Pdf)).ShouldBe(HttpStatusCode.OK);
        (current.Headers.CacheControl!.Public, current.Headers.CacheControl.MaxAge).ShouldBe((true, TimeSpan.FromSeconds(60)));
        PdfText(current.Bytes).ShouldContain("Version 2");
        var first = (await Api.AcceptAsync($"/public/agreements/{slug}/versions/1", Word)).ShouldBe(HttpStatusCode.OK);
        (first.Headers.CacheControl!.Public, first.Headers.CacheControl.MaxAge).ShouldBe((true, TimeSpan.FromDays(365)));
        WordText(first.Bytes).ShouldContain("We act with care and respect.");
        (await Api.AcceptAsync($"/public/agreements/{slug}/versions/2", AkomaNtoso)).ShouldBe(HttpStatusCode.OK).Body.ShouldContain("Мы действуем смело.");

        var facilitator = await Api.PersonAsync("Nadia Haddad");
        await Api.AgreementAsync(facilitator, "internal-rules", visibility: "members");
        (await Api.AcceptAsync("/public/agreements/internal-rules", Pdf)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.AcceptAsync($"/agreements/{c.AgreementId}/versions/2", Pdf)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_missing_version_or_an_unknown_format_is_a_problem()
    {
        var (c, _) = await AmendedAsync();

        (await Api.AcceptAsync($"/agreements/{c.AgreementId}/versions/9", Pdf, c.Member.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.AcceptAsync("/public/agreements/community-agreement/versions/0", Word)).ShouldBeProblem(HttpStatusCode.NotFound);
        var refused = (await Api.AcceptAsync($"/agreements/{c.AgreementId}/versions/2", "application/msword", c.Member.Token)).ShouldBeProblem(HttpStatusCode.NotAcceptable);
        refused["detail"]!.GetValue<string>().ShouldContain(Word);
    }

    [Fact]
    public async Task an_open_proposal_comes_as_tracked_changes_a_marked_pdf_and_an_amendment_against_the_current_version()
    {
        var (c, _) = await AmendedAsync();
        var decisions = await Api.ClauseIdAsync(c.AgreementId, "3");
        var proposal = (await Api.ProposeAsync(c.AgreementId, c.Member, 2, new { op = "amend", clauseId = decisions, text = "We decide by consent, after discussion." }))
            .ShouldBe(HttpStatusCode.Created)["id"];
        var url = $"/proposals/{proposal}/document";

        var word = (await Api.AcceptAsync(url, Word, c.Observer.Token)).ShouldBe(HttpStatusCode.OK);
        word.ContentHeaders.ContentDisposition!.FileName.ShouldBe($"community-agreement-proposal-{proposal[..8]}.docx");
        var body = WordBody(word.Bytes);
        var inserted = body.Descendants(W + "ins").ToList();
        inserted.ShouldContain(i => i.Value.Contains("after discussion"));
        inserted.ShouldAllBe(i => i.Attribute(W + "author")!.Value == "Ben Okafor");
        body.Descendants(W + "t").Select(t => t.Value).ShouldContain(t => t.Contains("Мы действуем смело."), "the whole text of version 2 around the change");

        var pdf = PdfText((await Api.AcceptAsync(url, Pdf, c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Bytes);
        pdf.ShouldContain("In 3 replace:");
        pdf.ShouldContain("(open), against version 2 of");

        var amendment = XDocument.Parse((await Api.AcceptAsync(url, AkomaNtoso, c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Body);
        amendment.Descendants(Akn + "textualMod").Select(m => m.Attribute("type")!.Value).ShouldBe(["substitution"]);

        var json = (await Api.AcceptAsync(url, "application/json", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Json;
        (json["from"]!.GetValue<int>(), json["to"]!.GetValue<int>()).ShouldBe((2, 3));
    }

    [Fact]
    public async Task a_ratified_proposal_comes_against_the_version_before_the_one_it_made()
    {
        var (c, proposal) = await AmendedAsync();

        var pdf = PdfText((await Api.AcceptAsync($"/proposals/{proposal}/document", Pdf, c.Member.Token)).ShouldBe(HttpStatusCode.OK).Bytes);

        pdf.ShouldContain("(ratified), against version 1 of");
        pdf.ShouldContain("In 2 replace:");
        pdf.ShouldContain("care courage");
        (await Api.AcceptAsync($"/proposals/{Guid.NewGuid()}/document", Pdf, c.Member.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
