using System.Collections.Concurrent;
using AgreementService.Agreements;
using Marten;
using Marten.Services;

namespace AgreementService.Publishing;

/// <summary>
/// Keeps partner sites' reads off the database. A version's renderings never change, so they are kept once made.
/// Which version is current is kept for a second per slug, and forgotten at once when this node commits a
/// ratification of it (or creates an agreement with that slug); another node serving the same database sees a ratification within that second.
/// </summary>
public sealed class PublicCache(TimeProvider clock) : DocumentSessionListenerBase
{
    private static readonly TimeSpan CurrentFor = TimeSpan.FromSeconds(1);
    private const int MaxRenderings = 2_000;

    /// <summary>What the kept renderings may weigh together: PDFs and Word documents are tens to hundreds of kilobytes each.</summary>
    private const long MaxBytes = 128L * 1024 * 1024;

    public const int MaxAgreements = 10_000;

    /// <summary>How many slugs are remembered now (never more than <see cref="MaxAgreements"/>).</summary>
    public int AgreementsRemembered => _agreements.Count;

    private readonly ConcurrentDictionary<string, (Agreement? Agreement, DateTimeOffset Until)> _agreements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Guid Agreement, int From, int To, bool Diff, string MediaType), Rendered> _renderings = new();
    private readonly ConcurrentDictionary<(Guid Agreement, int From, int To, bool Diff, string MediaType), Lazy<Task<Rendered?>>> _making = new();
    private long _bytes;

    /// <summary>The public agreement with this slug (null when there is none), from memory when it is fresh.</summary>
    public async Task<Agreement?> AgreementAsync(string slug, Func<Task<Agreement?>> load)
    {
        var now = clock.GetUtcNow();
        if (_agreements.TryGetValue(slug, out var known) && known.Until > now)
        {
            return known.Agreement;
        }

        var agreement = await load();
        if (_agreements.Count >= MaxAgreements)
        {
            _agreements.Clear(); // bounded: slugs asked for (known or not) cannot grow memory without end
        }

        _agreements[slug] = (agreement, now + CurrentFor);
        return agreement;
    }

    /// <summary>
    /// A rendering of a version or of a diff between two versions (text or document): made once, kept, since versions never
    /// change; all forgotten when they grow past <see cref="MaxRenderings"/> or <see cref="MaxBytes"/>. Requests for one
    /// rendering that is being made wait for it rather than make it again (when a version is ratified, partner sites ask
    /// for it all at once), so <paramref name="render"/> must not depend on the first request staying; a request that goes
    /// (<paramref name="ct"/>) stops waiting, and the rendering goes on for the others.
    /// </summary>
    public async Task<Rendered?> RenderingAsync(Guid agreement, int from, int to, bool diff, string mediaType, Func<Task<Rendered?>> render,
        CancellationToken ct)
    {
        var key = (agreement, from, to, diff, mediaType);
        if (_renderings.TryGetValue(key, out var rendered))
        {
            return rendered;
        }

        var making = _making.GetOrAdd(key, _ => new Lazy<Task<Rendered?>>(render));
        _ = making.Value.ContinueWith(_ => _making.TryRemove(new KeyValuePair<(Guid, int, int, bool, string), Lazy<Task<Rendered?>>>(key, making)),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default); // done being made, whoever still waits
        rendered = await making.Value.WaitAsync(ct);

        if (rendered is not null)
        {
            if (_renderings.Count >= MaxRenderings || Interlocked.Read(ref _bytes) + rendered.Body.Length > MaxBytes)
            {
                _renderings.Clear();
                Interlocked.Exchange(ref _bytes, 0);
            }

            if (_renderings.TryAdd(key, rendered))
            {
                Interlocked.Add(ref _bytes, rendered.Body.Length);
            }
        }

        return rendered;
    }

    /// <summary>Forgets everything (for a database that was reset under the service, as the tests do).</summary>
    public void Clear()
    {
        _agreements.Clear();
        _renderings.Clear();
        Interlocked.Exchange(ref _bytes, 0);
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var data in commit.GetEvents().Select(e => e.Data))
        {
            switch (data)
            {
                case AgreementCreated created:
                    // A slug asked for before it existed was remembered as "none".
                    _agreements.TryRemove(created.Slug, out _);
                    break;
                case VersionRatified ratified:
                    foreach (var entry in _agreements.Where(e => e.Value.Agreement?.Id == ratified.AgreementId))
                    {
                        _agreements.TryRemove(entry.Key, out _);
                    }

                    break;
            }
        }

        return Task.CompletedTask;
    }
}
