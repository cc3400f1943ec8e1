namespace AgreementService.Agreements;

/// <summary>The outline after a list of changes, or the first change that could not be applied and why.</summary>
public sealed record ApplyResult(
    IReadOnlyList<Clause> Clauses,
    IReadOnlyList<Change> Changes,
    IReadOnlyList<ClauseEffect> Effects,
    ChangeRefusal? Refusal)
{
    public bool Applied => Refusal is null;
}

/// <summary>
/// Applies typed changes to an outline, all or nothing. Changes apply in order, each to the outline the ones
/// before it left, so a change may refer to a clause an earlier one added.
/// </summary>
public static class OutlineEditor
{
    public static ApplyResult Apply(IReadOnlyList<Clause> outline, IReadOnlyList<Change> changes, Func<Guid> newId)
    {
        var tree = new Tree(outline);
        var applied = new List<Change>(changes.Count);
        var effects = new List<ClauseEffect>();
        for (var i = 0; i < changes.Count; i++)
        {
            var (change, reason, clauseId) = changes[i] switch
            {
                AddClause add => tree.Add(add, newId, effects),
                AmendClause amend => tree.Amend(amend, effects),
                RemoveClause remove => tree.Remove(remove, effects),
                MoveClause move => tree.Move(move, effects),
                _ => (null, "this kind of change is not known", null),
            };

            reason ??= tree.Size();
            if (reason is not null)
            {
                return new ApplyResult(outline, [], [], new ChangeRefusal(i, clauseId ?? Target(changes[i]), $"Change {i + 1} ({Op(changes[i])}): {reason}."));
            }

            applied.Add(change!);
        }

        var clauses = tree.ToClauses();
        if (clauses.Count == 0 && changes.Count > 0)
        {
            return new ApplyResult(outline, [], [], new ChangeRefusal(changes.Count - 1, Target(changes[^1]),
                $"Change {changes.Count} ({Op(changes[^1])}): it would leave the agreement without clauses; keep at least one, or amend it instead."));
        }

        return new ApplyResult(clauses, applied, effects, null);
    }

    private static Guid? Target(Change change) => change switch
    {
        AddClause a => a.ClauseId,
        AmendClause a => a.ClauseId,
        RemoveClause r => r.ClauseId,
        MoveClause m => m.ClauseId,
        _ => null,
    };

    /// <summary>The clauses a change refers to: its target and the parent and sibling that place it.</summary>
    public static IEnumerable<Guid> References(Change change) => (change switch
    {
        AddClause a => [a.ParentId, a.AfterId],
        AmendClause a => [a.ClauseId],
        RemoveClause r => [r.ClauseId],
        MoveClause m => new Guid?[] { m.ClauseId, m.ParentId, m.AfterId },
        _ => [],
    }).OfType<Guid>();

    public static string Op(Change change) => change switch
    {
        AddClause => "add",
        AmendClause => "amend",
        RemoveClause => "remove",
        MoveClause => "move",
        _ => "unknown",
    };

    /// <summary>Why a text cannot be a clause's text, or null when it can.</summary>
    public static string? TextProblem(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "the text of a clause cannot be empty"
        : text.Length > Outline.MaxTextLength ? $"the text of a clause can be at most {Outline.MaxTextLength} characters"
        : null;

    public static string? HeadingProblem(string? heading) =>
        heading?.Length > Outline.MaxHeadingLength ? $"a heading can be at most {Outline.MaxHeadingLength} characters" : null;

    private sealed class Node(Guid id, string? heading, string text)
    {
        public Guid Id { get; } = id;
        public string? Heading { get; set; } = heading;
        public string Text { get; set; } = text;
        public Node? Parent { get; set; }
        public List<Node> Children { get; } = [];
    }

    private sealed class Tree
    {
        private readonly Node _root = new(Guid.Empty, null, "");
        private readonly Dictionary<Guid, Node> _index = [];

        public Tree(IReadOnlyList<Clause> outline)
        {
            Attach(_root, outline);
            _characters = Outline.Characters(outline);
        }

        /// <summary>What the headings and texts hold together, kept up to date by every change.</summary>
        private long _characters;

        /// <summary>Why the outline is now too large to be an agreement, or null.</summary>
        public string? Size() =>
            _index.Count > Outline.MaxClauses ? $"the agreement would have {_index.Count:N0} clauses; it can have at most {Outline.MaxClauses:N0}"
            : _characters > Outline.MaxCharacters ? $"the agreement's headings and texts would hold {_characters:N0} characters; together they can hold at most {Outline.MaxCharacters:N0}"
            : null;

        private void Attach(Node parent, IReadOnlyList<Clause> clauses)
        {
            foreach (var clause in clauses)
            {
                var node = new Node(clause.Id, clause.Heading, clause.Text) { Parent = parent };
                parent.Children.Add(node);
                _index[clause.Id] = node;
                Attach(node, clause.Clauses);
            }
        }

        public IReadOnlyList<Clause> ToClauses() => ToClauses(_root);

        private static IReadOnlyList<Clause> ToClauses(Node parent) =>
            parent.Children.Select(n => new Clause(n.Id, n.Heading, n.Text, ToClauses(n))).ToList();

        public (Change?, string?, Guid?) Add(AddClause add, Func<Guid> newId, List<ClauseEffect> effects)
        {
            if ((TextProblem(add.Text) ?? HeadingProblem(add.Heading)) is { } problem)
            {
                return (null, problem, add.ClauseId);
            }

            if (Parent(add.ParentId, out var parent) is { } missing)
            {
                return (null, missing, add.ParentId);
            }

            if (Depth(parent) + 1 > Outline.MaxDepth)
            {
                return (null, $"a clause under {Describe(parent)} would be {Depth(parent) + 1} levels deep; an outline has at most {Outline.MaxDepth}", add.ParentId);
            }

            if (Position(parent, add.AfterId, out var position) is { } misplaced)
            {
                return (null, misplaced, add.AfterId);
            }

            if (add.ClauseId == Guid.Empty)
            {
                return (null, "the nil id cannot name a clause; choose another or leave clauseId out", add.ClauseId);
            }

            var id = add.ClauseId ?? newId();
            if (_index.ContainsKey(id))
            {
                return (null, $"the id {id} is already used by clause {Number(_index[id])}; choose another or leave clauseId out", id);
            }

            var node = new Node(id, Outline.NormaliseHeading(add.Heading), add.Text.Trim()) { Parent = parent };
            parent.Children.Insert(position, node);
            _index[id] = node;
            _characters += Characters(node);
            effects.Add(new ClauseEffect(id, ClauseChangeKind.Added));
            return (add with { ClauseId = id, Heading = node.Heading, Text = node.Text }, null, null);
        }

        public (Change?, string?, Guid?) Amend(AmendClause amend, List<ClauseEffect> effects)
        {
            if (!_index.TryGetValue(amend.ClauseId, out var node))
            {
                return (null, NotThere(amend.ClauseId), amend.ClauseId);
            }

            if (amend.Heading is null && amend.Text is null)
            {
                return (null, "an amendment needs a new heading, a new text, or both", amend.ClauseId);
            }

            if (((amend.Text is null ? null : TextProblem(amend.Text)) ?? HeadingProblem(amend.Heading)) is { } problem)
            {
                return (null, problem, amend.ClauseId);
            }

            var heading = amend.Heading is null ? node.Heading : Outline.NormaliseHeading(amend.Heading);
            var text = amend.Text?.Trim() ?? node.Text;
            if (heading == node.Heading && text == node.Text)
            {
                return (null, $"clause {Number(node)} already reads exactly so; the amendment changes nothing", amend.ClauseId);
            }

            _characters -= Characters(node);
            node.Heading = heading;
            node.Text = text;
            _characters += Characters(node);
            effects.Add(new ClauseEffect(node.Id, ClauseChangeKind.Amended));
            return (amend with { Heading = amend.Heading is null ? null : heading ?? "", Text = amend.Text is null ? null : text }, null, null);
        }

        public (Change?, string?, Guid?) Remove(RemoveClause remove, List<ClauseEffect> effects)
        {
            if (!_index.TryGetValue(remove.ClauseId, out var node))
            {
                return (null, NotThere(remove.ClauseId), remove.ClauseId);
            }

            node.Parent!.Children.Remove(node);
            foreach (var gone in Subtree(node))
            {
                _index.Remove(gone.Id);
                _characters -= Characters(gone);
                effects.Add(new ClauseEffect(gone.Id, ClauseChangeKind.Removed));
            }

            return (remove, null, null);
        }

        public (Change?, string?, Guid?) Move(MoveClause move, List<ClauseEffect> effects)
        {
            if (!_index.TryGetValue(move.ClauseId, out var node))
            {
                return (null, NotThere(move.ClauseId), move.ClauseId);
            }

            if (Parent(move.ParentId, out var parent) is { } missing)
            {
                return (null, missing, move.ParentId);
            }

            for (var ancestor = parent; ancestor is not null; ancestor = ancestor.Parent)
            {
                if (ancestor == node)
                {
                    return (null, $"clause {Number(node)} cannot move under itself or one of its own sub-clauses", move.ParentId);
                }
            }

            if (move.AfterId == move.ClauseId)
            {
                return (null, $"clause {Number(node)} cannot be placed after itself", move.AfterId);
            }

            var depth = Depth(parent) + Height(node);
            if (depth > Outline.MaxDepth)
            {
                return (null, $"moving clause {Number(node)} under {Describe(parent)} would make the outline {depth} levels deep; at most {Outline.MaxDepth} are allowed", move.ParentId);
            }

            var oldParent = node.Parent!;
            var oldPosition = oldParent.Children.IndexOf(node);
            oldParent.Children.RemoveAt(oldPosition);
            if (Position(parent, move.AfterId, out var position) is { } misplaced)
            {
                oldParent.Children.Insert(oldPosition, node);
                return (null, misplaced, move.AfterId);
            }

            if (parent == oldParent && position == oldPosition)
            {
                oldParent.Children.Insert(oldPosition, node);
                return (null, $"clause {Number(node)} is already there; the move changes nothing", move.ClauseId);
            }

            parent.Children.Insert(position, node);
            node.Parent = parent;
            effects.Add(new ClauseEffect(node.Id, ClauseChangeKind.Moved));
            return (move, null, null);
        }

        private string? Parent(Guid? parentId, out Node parent)
        {
            parent = _root;
            if (parentId is null)
            {
                return null;
            }

            if (!_index.TryGetValue(parentId.Value, out var found))
            {
                return NotThere(parentId.Value);
            }

            parent = found;
            return null;
        }

        private string? Position(Node parent, Guid? afterId, out int position)
        {
            position = 0;
            if (afterId is null)
            {
                return null;
            }

            var index = parent.Children.FindIndex(c => c.Id == afterId);
            if (index < 0)
            {
                return _index.TryGetValue(afterId.Value, out var elsewhere)
                    ? $"clause {Number(elsewhere)} (afterId) is not a sub-clause of {Describe(parent)}; afterId must be a sibling under the same parent"
                    : NotThere(afterId.Value);
            }

            position = index + 1;
            return null;
        }

        private static string NotThere(Guid id) => $"there is no clause {id} in the text it applies to";

        private static long Characters(Node node) => (node.Heading?.Length ?? 0) + node.Text.Length;

        private static int Depth(Node node)
        {
            var depth = 0;
            for (var n = node; n.Parent is not null; n = n.Parent)
            {
                depth++;
            }

            return depth;
        }

        private static int Height(Node node) => 1 + (node.Children.Count == 0 ? 0 : node.Children.Max(Height));

        private static IEnumerable<Node> Subtree(Node node) => node.Children.SelectMany(Subtree).Prepend(node);

        private string Describe(Node parent) => parent == _root ? "the top level" : $"clause {Number(parent)}";

        private static string Number(Node node)
        {
            var parts = new List<int>();
            for (var n = node; n.Parent is not null; n = n.Parent)
            {
                parts.Add(n.Parent.Children.IndexOf(n) + 1);
            }

            parts.Reverse();
            return string.Join('.', parts);
        }
    }
}
