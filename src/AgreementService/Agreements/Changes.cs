using System.Text.Json.Serialization;

namespace AgreementService.Agreements;

/// <summary>One typed operation on the outline. Proposals carry an ordered list of them.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(AddClause), "add")]
[JsonDerivedType(typeof(AmendClause), "amend")]
[JsonDerivedType(typeof(RemoveClause), "remove")]
[JsonDerivedType(typeof(MoveClause), "move")]
#pragma warning disable CA1852 // not abstract: a change without "op" must read as a bad request, not fail to deserialise
public record Change;
#pragma warning restore CA1852

/// <summary>
/// A new clause under <c>parentId</c> (none: top level), after <c>afterId</c> (none: first).
/// <c>clauseId</c> may be chosen by the client so that later changes can refer to the new clause; the
/// server issues one otherwise.
/// </summary>
public sealed record AddClause(Guid? ClauseId, Guid? ParentId, Guid? AfterId, string? Heading, string Text) : Change;

/// <summary>New heading and/or text. A heading left out is kept; an empty heading removes it.</summary>
/// <param name="ClauseId">The clause to amend.</param>
/// <param name="Heading" example="Taking part">Its new heading, if it changes.</param>
/// <param name="Text" example="Every member organisation may propose changes and vote on them.">Its new text, if it changes.</param>
public sealed record AmendClause(Guid ClauseId, string? Heading, string? Text) : Change;

/// <summary>The clause and all its sub-clauses.</summary>
public sealed record RemoveClause(Guid ClauseId) : Change;

/// <summary>To another parent (none: top level) and position (after <c>afterId</c>; none: first).</summary>
public sealed record MoveClause(Guid ClauseId, Guid? ParentId, Guid? AfterId) : Change;

public enum ClauseChangeKind
{
    Added,
    Amended,
    Moved,
    Removed,
}

/// <summary>What one change did to one clause.</summary>
public sealed record ClauseEffect(Guid ClauseId, ClauseChangeKind Kind);

/// <summary>Why a change cannot be applied: which change (0-based), which clause, and why, in words.</summary>
public sealed record ChangeRefusal(int Change, Guid? ClauseId, string Reason);
