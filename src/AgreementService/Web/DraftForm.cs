using System.Globalization;
using System.Text.Json;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Proposals;

namespace AgreementService.Web;

/// <summary>
/// A proposal being drafted in the browser, carried from one form to the next in hidden fields (the changes as the API's
/// JSON), so the server keeps nothing between requests. What comes back is user input: read strictly here (the API's JSON
/// rules, known operations only, at most as many changes as a proposal may hold), then checked by the API like any other.
/// </summary>
public sealed record DraftForm(int BaseVersion, IReadOnlyList<Change> Changes, string Title, string Rationale)
{
    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        return options;
    }

    public string ChangesJson => JsonSerializer.Serialize(Changes, JsonOptions);

    public PreviewDraft Preview => new(Title, Rationale, BaseVersion, Changes);

    public SubmitProposal Submit => new(Title, Rationale, BaseVersion, Changes);

    /// <summary>The draft the form carries, or null when its hidden fields are not what this app wrote (tampered with, or cut short).</summary>
    public static DraftForm? Read(IFormCollection form)
    {
        if (!int.TryParse(form["baseVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var baseVersion) || baseVersion < 1)
        {
            return null;
        }

        var json = form["changes"].ToString();
        List<Change>? changes;
        try
        {
            changes = json.Length == 0 ? [] : JsonSerializer.Deserialize<List<Change>>(json, JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }

        return changes is null || changes.Count > DraftSource.MaxChanges || changes.Any(c => c is not (AddClause or AmendClause or MoveClause or RemoveClause))
            ? null
            : new DraftForm(baseVersion, changes, form["title"].ToString(), form["rationale"].ToString());
    }

    /// <summary>
    /// The draft with one more change. A clause amended again keeps only its last wording, and a clause added by this draft
    /// is amended where it is added: one change per clause's wording, as a reader of the proposal expects.
    /// </summary>
    public DraftForm With(Change change)
    {
        if (change is AmendClause amend)
        {
            var added = Changes.OfType<AddClause>().FirstOrDefault(a => a.ClauseId == amend.ClauseId);
            if (added is not null)
            {
                return this with { Changes = [.. Changes.Select(c => c == added ? added with { Heading = amend.Heading, Text = amend.Text ?? added.Text } : c)] };
            }

            return this with { Changes = [.. Changes.Where(c => !(c is AmendClause a && a.ClauseId == amend.ClauseId)), amend] };
        }

        return this with { Changes = [.. Changes, change] };
    }

    public DraftForm Without(int index) => index >= 0 && index < Changes.Count ? this with { Changes = [.. Changes.Where((_, i) => i != index)] } : this;

    /// <summary>Where a clause stands in an outline: its parent (null at the top) and the clause before it (null when first).</summary>
    public static (Guid? Parent, Guid? After)? Place(IReadOnlyList<NumberedClause> clauses, Guid id, Guid? parent = null)
    {
        for (var i = 0; i < clauses.Count; i++)
        {
            if (clauses[i].Id == id)
            {
                return (parent, i == 0 ? null : clauses[i - 1].Id);
            }

            if (Place(clauses[i].Clauses, id, clauses[i].Id) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    public static NumberedClause? Find(IReadOnlyList<NumberedClause> clauses, Guid id) =>
        All(clauses).FirstOrDefault(c => c.Id == id);

    public static IEnumerable<NumberedClause> All(IReadOnlyList<NumberedClause> clauses) => clauses.SelectMany(c => All(c.Clauses).Prepend(c));
}
