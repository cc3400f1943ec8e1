using AgreementService.Agreements;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;

// bench/run drives the service with the load commands; anything else runs the BenchmarkDotNet benchmarks.
if (args.Length > 0 && Load.Commands.Contains(args[0]))
{
    return await Load.RunAsync(args);
}

BenchmarkSwitcher.FromTypes([typeof(DraftingBenchmarks), typeof(WorstDiffBenchmarks), typeof(WorstExportBenchmarks)]).Run(args);
return 0;

/// <summary>
/// A proposal of 50 changes (20 amendments, 10 additions, 10 moves, 10 removals) on a 300-clause agreement:
/// applied to its base, and rebased across 20 later versions that changed other clauses.
/// </summary>
[MemoryDiagnoser]
public class DraftingBenchmarks
{
    private IReadOnlyList<Clause> _outline = [];
    private IReadOnlyList<Clause> _current = [];
    private List<VersionEffects> _since = [];
    private List<Change> _changes = [];

    [GlobalSetup]
    public void Setup()
    {
        // 30 sections of 9 sub-clauses, one of them with a sub-clause: 300 clauses, 3 levels.
        _outline = Enumerable.Range(1, 30).Select(s => new Clause(Guid.NewGuid(), $"Section {s}", $"Section {s} text.",
            Enumerable.Range(1, 9).Select(c => new Clause(Guid.NewGuid(), null, $"Clause {s}.{c} says something of substance about how we work together.",
                s == 1 && c == 1 ? [new Clause(Guid.NewGuid(), null, "A third level.", [])] : [])).ToList())).ToList();
        var sections = _outline.ToList();
        _changes =
        [
            .. Enumerable.Range(0, 20).Select(i => new AmendClause(sections[i].Clauses[1].Id, null, $"Amended text {i}.")),
            .. Enumerable.Range(0, 10).Select(i => new AddClause(null, sections[i].Id, sections[i].Clauses[2].Id, null, $"Added clause {i}.")),
            .. Enumerable.Range(0, 10).Select(i => new MoveClause(sections[i].Clauses[3].Id, sections[i + 10].Id, null)),
            .. Enumerable.Range(0, 10).Select(i => new RemoveClause(sections[i + 20].Clauses[4].Id)),
        ];

        // 20 later versions, each amending a clause the proposal does not touch.
        _current = _outline;
        for (var v = 0; v < 20; v++)
        {
            var applied = OutlineEditor.Apply(_current, [new AmendClause(sections[v].Clauses[8].Id, null, $"Version {v + 2} text.")], Guid.NewGuid);
            _current = applied.Clauses;
            _since.Add(new VersionEffects(v + 2, applied.Effects));
        }
    }

    [Benchmark]
    public ApplyResult Apply50ChangesTo300Clauses() => OutlineEditor.Apply(_outline, _changes, Guid.NewGuid);

    [Benchmark]
    public Draft RebaseAcross20Versions() => Rebase.Prepare(_outline, _current, _since, _changes, Guid.NewGuid);
}
