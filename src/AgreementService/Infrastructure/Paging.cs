using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Infrastructure;

/// <summary>
/// One page of a list, the one shape every list answers in: the items, which page (from 1) of what size, how many
/// there are in all, and whether a later page holds more.
/// </summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    public bool HasMore => (long)Page * PageSize < Total;

    public Paged<TView> Map<TView>(Func<T, TView> view) => new([.. Items.Select(view)], Page, PageSize, Total);
}

/// <summary>
/// The one paging rule for every list that can grow: <c>?page=</c> from 1 (at most <see cref="MaxPage"/>) and
/// <c>?pageSize=</c> from 1 to <see cref="MaxPageSize"/> (<see cref="DefaultPageSize"/> when not given); anything else
/// is a 400 problem. Endpoints take <c>int? page, int? pageSize</c> from the query, check them in <c>Validate</c> with
/// <see cref="Problem"/> and read the page with <see cref="Of"/>. Order a list by something unique (a sequence, or a
/// time and then the id) so that pages neither skip nor repeat an item.
/// </summary>
public sealed record Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Far beyond any list's end (a million pages of 200), and small enough that the offset is always a number.</summary>
    public const int MaxPage = 1_000_000;

    public static ProblemDetails Problem(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > MaxPage)
        {
            errors["page"] = [$"'page' is between 1 and {MaxPage} (by default 1)."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"'pageSize' is between 1 and {MaxPageSize} (by default {DefaultPageSize})."];
        }

        return errors.Count > 0 ? Problems.Invalid(errors) : WolverineContinue.NoProblems;
    }

    /// <summary>The page asked for (already checked by <see cref="Problem"/>), or the first of the default size.</summary>
    public static Paging Of(int? page, int? pageSize) => new(page ?? 1, pageSize ?? DefaultPageSize);

    public int Skip => (Page - 1) * PageSize;

    /// <summary>
    /// This page of a query: <paramref name="matching"/> counts them all, <paramref name="ordered"/> puts them in their
    /// order (and may select less than whole documents).
    /// </summary>
    public async Task<Paged<TItem>> ListAsync<T, TItem>(IQueryable<T> matching, Func<IQueryable<T>, IQueryable<TItem>> ordered, CancellationToken ct)
        where T : notnull where TItem : notnull
    {
        var total = await matching.CountAsync(ct);
        IReadOnlyList<TItem> items = total > Skip ? await ordered(matching).Skip(Skip).Take(PageSize).ToListAsync(ct) : [];
        return new Paged<TItem>(items, Page, PageSize, total);
    }

    /// <summary>This page of a list already in its order (one ordered in memory, from small rows).</summary>
    public Paged<T> Slice<T>(IReadOnlyList<T> ordered) => new([.. ordered.Skip(Skip).Take(PageSize)], Page, PageSize, ordered.Count);
}
