using AgreementService.Access;
using AgreementService.Activity;
using AgreementService.Agreements;
using AgreementService.Comments;
using AgreementService.Mail;
using AgreementService.Proposals;
using AgreementService.Votes;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Marten;
using Wolverine;

namespace AgreementService.Notifications;

/// <summary>
/// The events that tell people something, as Wolverine forwards them once they are committed (Infrastructure/CritterStack.cs):
/// each becomes emails (and digest entries) for those it concerns, never for who did it.
/// </summary>
public static class NotificationHandler
{
    /// <summary>Each eligible voter: the proposal, the rules in words, the deadline in their time zone, a link and the deadline as iCalendar. The reminder is scheduled.</summary>
    public static async Task<OutgoingMessages> Handle(VoteCalled e, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, TimeProvider clock, CancellationToken ct)
    {
        var notifier = new Notifier(session, mail, tokens);
        var (title, agreement) = (await ProposalTitleAsync(session, e.ProposalId, ct), await notifier.AgreementTitleAsync(e.AgreementId, ct));
        var link = notifier.Link($"/app/votes/{e.VoteId}");
        var voters = e.Eligible.Select(v => v.ParticipantId).ToHashSet();
        var others = (await notifier.MembersAsync(e.AgreementId, ct)).Where(m => !voters.Contains(m)).Select(m => new Recipient(m, false));
        var calendar = new EmailAttachment("vote-deadline.ics", "text/calendar; method=PUBLISH", Calendar(e, title, link, mail));
        var messages = await notifier.NotifyAsync(e.AgreementId, $"vote-called/{e.VoteId}", e.By, [.. voters.Select(v => new Recipient(v, true)), .. others], e.At,
            reader => voters.Contains(reader.Person.Id)
                ? new Notice(EmailBody.Fill(Emails.VoteCalledSubject, title), [EmailBody.Fill(Emails.VoteCalledBody, title, agreement, reader.Settings.Local(e.ClosesAt)), EmailBody.Fill(Emails.VoteRules, ActivityProjection.Describe(e.Rules))],
                    (Emails.ActionVote, link), [calendar])
                : new Notice(EmailBody.Fill(Emails.VoteCalledSubject, title), [EmailBody.Fill(Emails.VoteCalledOthersBody, title, agreement, reader.Settings.Local(e.ClosesAt))], (Emails.ActionVote, link)),
            ct);

        var remindAt = e.ClosesAt.AddHours(-e.Rules.RemindHoursBefore);
        if (e.Rules.RemindHoursBefore > 0 && remindAt > clock.GetUtcNow())
        {
            messages.Add(new RemindVoters(e.VoteId, null).ScheduledAt(remindAt));
        }

        return messages;
    }

    /// <summary>The outcome, with the tally's explanation, to those who voted and the proposal's author; news for the other members.</summary>
    public static async Task<OutgoingMessages> Handle(VoteClosed e, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, CancellationToken ct)
    {
        var notifier = new Notifier(session, mail, tokens);
        var proposal = await session.LoadAsync<Proposal>(e.ProposalId, ct);
        var vote = await session.LoadAsync<Vote>(e.VoteId, ct);
        var agreement = await notifier.AgreementTitleAsync(e.AgreementId, ct);
        var author = proposal?.AuthorId ?? Guid.Empty;
        // A passed vote's author hears of it once, from the new version's email, which carries this explanation too.
        var told = e.Tally.Outcome == Outcome.Passed ? author : Guid.Empty;
        var concerned = (vote?.Ballots.Select(b => b.VoterId) ?? []).Append(author).Where(p => p != told).ToHashSet();

        var outcome = e.Tally.Outcome == Outcome.Passed ? Emails.Passed : Emails.Failed;
        var notice = new Notice(EmailBody.Fill(Emails.VoteClosedSubject, outcome, proposal?.Title ?? ""), [EmailBody.Fill(Emails.VoteClosedBody, proposal?.Title ?? "", agreement), e.Tally.Explanation],
            (Emails.ActionVote, notifier.Link($"/app/votes/{e.VoteId}")));
        return await notifier.NotifyAsync(e.AgreementId, $"vote-closed/{e.VoteId}", e.By,
            [.. concerned.Select(p => new Recipient(p, true)), .. (await notifier.MembersAsync(e.AgreementId, ct)).Where(m => m != told).Select(m => new Recipient(m, false))],
            e.At, _ => notice, ct);
    }

    /// <summary>A new proposal: news for every member of the agreement.</summary>
    public static async Task<OutgoingMessages> Handle(ProposalSubmitted e, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, CancellationToken ct)
    {
        var notifier = new Notifier(session, mail, tokens);
        var (agreement, author) = (await notifier.AgreementTitleAsync(e.AgreementId, ct), await NameAsync(session, e.AuthorId, ct));
        var notice = new Notice(EmailBody.Fill(Emails.ProposalSubmittedSubject, e.Title), [EmailBody.Fill(Emails.ProposalSubmittedBody, author, e.Title, agreement), e.Rationale],
            (Emails.ActionProposal, notifier.Link($"/app/proposals/{e.ProposalId}")));
        return await notifier.NotifyAsync(e.AgreementId, $"proposal-submitted/{e.ProposalId}", e.By,
            (await notifier.MembersAsync(e.AgreementId, ct)).Select(m => new Recipient(m, false)), e.At, _ => notice, ct);
    }

    /// <summary>A reply: to the author of the comment replied to.</summary>
    public static async Task<OutgoingMessages> Handle(CommentPosted e, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, CancellationToken ct)
    {
        if (e.ReplyTo is not { } parentId || await session.LoadAsync<Comment>(parentId, ct) is not { } parent)
        {
            return [];
        }

        var notifier = new Notifier(session, mail, tokens);
        var title = await ProposalTitleAsync(session, e.ProposalId, ct);
        var notice = new Notice(EmailBody.Fill(Emails.ReplySubject, title), [EmailBody.Fill(Emails.ReplyBody, await NameAsync(session, e.AuthorId, ct), title), e.Body],
            (Emails.ActionProposal, notifier.Link($"/app/proposals/{e.ProposalId}")));
        return await notifier.NotifyAsync(e.AgreementId, $"reply/{e.CommentId}", e.By, [new Recipient(parent.AuthorId, true)], e.At, _ => notice, ct);
    }

    /// <summary>The author's proposal no longer applies and must be revised.</summary>
    public static async Task<OutgoingMessages> Handle(ProposalConflicted e, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, CancellationToken ct) =>
        await ToAuthorAsync(session, mail, tokens, e.ProposalId, e.AgreementId, $"proposal-conflicted/{e.ProposalId}/{e.Version}", e.By, e.At,
            (title, agreement) => (EmailBody.Fill(Emails.ConflictedSubject, title), EmailBody.Fill(Emails.ConflictedBody, e.Version, agreement, title)), ct);

    /// <summary>Someone else withdrew the author's proposal.</summary>
    public static async Task<OutgoingMessages> Handle(ProposalWithdrawn e, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, CancellationToken ct)
    {
        var by = await ActorAsync(session, e.By, ct);
        return await ToAuthorAsync(session, mail, tokens, e.ProposalId, e.AgreementId, $"proposal-withdrawn/{e.ProposalId}", e.By, e.At,
            (title, agreement) => (EmailBody.Fill(Emails.WithdrawnSubject, title), EmailBody.Fill(Emails.WithdrawnBody, by, title, agreement)), ct);
    }

    /// <summary>The proposal became a new version: to its author, and news for the other members.</summary>
    public static async Task<OutgoingMessages> Handle(VersionRatified e, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, CancellationToken ct)
    {
        var notifier = new Notifier(session, mail, tokens);
        var proposal = await session.LoadAsync<Proposal>(e.ProposalId, ct);
        var explanation = proposal?.VoteId is { } voteId ? (await session.LoadAsync<Vote>(voteId, ct))?.Tally?.Explanation : null;
        var agreement = await notifier.AgreementTitleAsync(e.AgreementId, ct);
        var link = (Emails.ActionAgreement, notifier.Link($"/app/agreements/{e.AgreementId}/versions/{e.Version}"));
        return await notifier.NotifyAsync(e.AgreementId, $"ratified/{e.AgreementId}/{e.Version}", e.By,
            [new Recipient(proposal?.AuthorId ?? Guid.Empty, true), .. (await notifier.MembersAsync(e.AgreementId, ct)).Select(m => new Recipient(m, false))], e.At,
            reader => reader.Person.Id == proposal?.AuthorId
                ? new Notice(EmailBody.Fill(Emails.RatifiedSubject, e.Title), [EmailBody.Fill(Emails.RatifiedBody, e.Title, e.Version, agreement), .. explanation is null ? [] : new[] { explanation }], link)
                : new Notice(EmailBody.Fill(Emails.RatifiedSubject, e.Title), [EmailBody.Fill(Emails.RatifiedOthersBody, e.Title, e.Version, agreement)], link), ct);
    }

    /// <summary>Added to an agreement, or given another role in it.</summary>
    public static async Task<OutgoingMessages> Handle(MemberRoleSet e, IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, CancellationToken ct)
    {
        if (e.Invited)
        {
            return []; // the invitation's own email names the agreement and the role
        }

        var notifier = new Notifier(session, mail, tokens);
        var agreement = await notifier.AgreementTitleAsync(e.AgreementId, ct);
        var by = await ActorAsync(session, e.By, ct);
        var role = e.Role.ToString().ToLowerInvariant();
        var notice = new Notice(EmailBody.Fill(Emails.RoleSubject, agreement), [EmailBody.Fill(Emails.RoleBody, by, $"{(e.Role == AgreementRole.Observer ? "an" : "a")} {role}", agreement)],
            (Emails.ActionAgreement, notifier.Link($"/app/agreements/{e.AgreementId}")));
        return await notifier.NotifyAsync(e.AgreementId, $"role/{e.AgreementId}/{e.ParticipantId}/{e.At.UtcTicks}", e.By, [new Recipient(e.ParticipantId, true)], e.At,
            _ => notice, ct);
    }

    private static async Task<OutgoingMessages> ToAuthorAsync(IDocumentSession session, MailSettings mail, UnsubscribeTokens tokens, Guid proposalId, Guid agreementId,
        string about, string by, DateTimeOffset at, Func<string, string, (string Subject, string Body)> words, CancellationToken ct)
    {
        if (await session.LoadAsync<Proposal>(proposalId, ct) is not { } proposal)
        {
            return [];
        }

        var notifier = new Notifier(session, mail, tokens);
        var (subject, body) = words(proposal.Title, await notifier.AgreementTitleAsync(agreementId, ct));
        return await notifier.NotifyAsync(agreementId, about, by, [new Recipient(proposal.AuthorId, true)], at,
            _ => new Notice(subject, [body], (Emails.ActionProposal, notifier.Link($"/app/proposals/{proposalId}"))), ct);
    }

    /// <summary>The vote's deadline as one calendar event, so that voters can put it in their calendar.</summary>
    internal static string Calendar(VoteCalled e, string title, string link, MailSettings mail)
    {
        var calendar = new Ical.Net.Calendar { Method = "PUBLISH" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"vote-{e.VoteId}@{mail.PublicUrl.Host}",
            Summary = EmailBody.Fill(Emails.VoteCalendarSummary, title),
            Description = link,
            Url = new Uri(link),
            DtStamp = new CalDateTime(e.At.UtcDateTime),
            DtStart = new CalDateTime(e.ClosesAt.UtcDateTime.AddMinutes(-30)),
            DtEnd = new CalDateTime(e.ClosesAt.UtcDateTime),
        });
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static async Task<string> ProposalTitleAsync(IQuerySession session, Guid proposalId, CancellationToken ct) =>
        (await session.LoadAsync<Proposal>(proposalId, ct))?.Title ?? "";

    private static async Task<string> NameAsync(IQuerySession session, Guid participantId, CancellationToken ct) =>
        (await People.LoadAsync(session, [participantId], ct)).Of(participantId).Name;

    /// <summary>Whom an event's <c>By</c> names, as every answer names them (<see cref="People.Of(string)"/>).</summary>
    private static async Task<string> ActorAsync(IQuerySession session, string by, CancellationToken ct) =>
        (await People.LoadAsync(session, Person.IdIn(by) is { } id ? [id] : [], ct)).Of(by).Name;

}
