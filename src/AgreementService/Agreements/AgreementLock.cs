using Marten;

namespace AgreementService.Agreements;

/// <summary>
/// The agreement's transaction-scoped advisory lock. Whoever changes several votes of one agreement in one transaction
/// (closing and ratifying, changing the electorate) takes it first and the votes' row locks after, so they take turns
/// and never wait on each other in a circle.
/// </summary>
public static class AgreementLock
{
    public static async Task TakeAsync(IDocumentSession session, Guid agreementId, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<long>("select count(*) from (select pg_advisory_xact_lock(?)) as locked", BitConverter.ToInt64(agreementId.ToByteArray(), 8));
    }

    /// <summary>
    /// Locks clause ids about to be taken, whichever agreement takes them (in their own key space, in a fixed order): the
    /// second taker waits for the first to commit, then sees the id as used.
    /// </summary>
    public static async Task TakeAsync(IDocumentSession session, IEnumerable<Guid> clauseIds, CancellationToken ct)
    {
        foreach (var key in clauseIds.Select(id => BitConverter.ToInt32(id.ToByteArray(), 12)).Distinct().Order())
        {
            await session.QueryAsync<long>("select count(*) from (select pg_advisory_xact_lock(?, ?)) as locked", ClauseIds, key);
        }
    }

    private const int ClauseIds = 0x436C6175; // "Clau"
}
