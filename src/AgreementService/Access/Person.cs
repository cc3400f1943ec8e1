using AgreementService.Participants;
using Marten;

namespace AgreementService.Access;

/// <summary>
/// Who did something, as every answer names them, in a field named for what they did (<c>author</c>, <c>voter</c>,
/// <c>actor</c>, <c>revisedBy</c>, <c>hiddenBy</c>): a participant's id and name, or no id for the administrator and
/// for the service itself (which closes votes at their deadline).
/// </summary>
public sealed record Person(Guid? Id, string Name)
{
    public const string Unregistered = "someone no longer registered";

    public static readonly Person Administrator = new(null, "The administrator");

    public static readonly Person Service = new(null, "The service");

    /// <summary>
    /// Whom an event's <c>By</c> names, when it is not a participant's id: the administrator, or the service. Any other
    /// word (only "anonymous" could be, and nothing anonymous writes) is shown as it is.
    /// </summary>
    public static Person Named(string by) => by switch
    {
        Caller.AdministratorRole => Administrator,
        Caller.Service => Service,
        _ => new Person(null, by),
    };

    /// <summary>The participant an event's <c>By</c> names, when it names one.</summary>
    public static Guid? IdIn(string by) => Guid.TryParse(by, out var id) ? id : null;
}

/// <summary>
/// The names of the participants an answer mentions, loaded together. Events record only who acted (<c>By</c>: a
/// participant's id, "administrator" or "system"); the name shown is the participant's name now.
/// </summary>
public sealed class People(IReadOnlyDictionary<Guid, string> names)
{
    /// <summary>People already known, such as the caller: nothing to load.</summary>
    public static People Of(params IEnumerable<Person> known) =>
        new(known.Where(p => p.Id is not null).DistinctBy(p => p.Id).ToDictionary(p => p.Id!.Value, p => p.Name));

    public static async Task<People> LoadAsync(IQuerySession session, IEnumerable<Guid> participantIds, CancellationToken ct) =>
        new((await session.LoadManyAsync<Participant>(ct, participantIds.Distinct())).ToDictionary(p => p.Id, p => p.Name));

    public Person Of(Guid participantId) => new(participantId, names.GetValueOrDefault(participantId, Person.Unregistered));

    /// <summary>Whom an event's <c>By</c> names.</summary>
    public Person Of(string by) => Person.IdIn(by) is { } id ? Of(id) : Person.Named(by);
}
