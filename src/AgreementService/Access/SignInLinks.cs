using AgreementService.Mail;
using AgreementService.Participants;

namespace AgreementService.Access;

/// <summary>
/// A link that signs one participant in once. Only the SHA-256 of its secret is stored (the id); the secret is in the
/// emailed url alone. Used links are kept, marked, so a second use is told apart from nothing at all only in the log.
/// </summary>
public sealed record SignInLink(string Id, Guid ParticipantId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt)
{
    public bool Usable(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;
}

/// <summary>
/// Issues sign-in links and the emails that carry them: a sign-in request's link works for
/// <see cref="SignInLifetime"/>, an invitation's for <see cref="InvitationLifetime"/> (it may wait in an inbox over a
/// weekend). With no SMTP server configured the link is also logged, so that a newcomer running the service on their own
/// machine can sign in at once.
/// </summary>
public sealed class SignInLinks(MailSettings mail, TimeProvider clock, ILogger<SignInLinks> logger)
{
    public static readonly TimeSpan SignInLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public const string PathPrefix = "/sign-in/";

    /// <summary>The link to store and the email to send: a sign-in link that was asked for.</summary>
    public (SignInLink Link, SendEmail Email) SignIn(Participant participant) =>
        Issue(participant, SignInLifetime, Emails.SignInSubject, Emails.SignInAction,
            [EmailBody.Fill(Emails.SignInAsked, (int)SignInLifetime.TotalMinutes), Emails.SignInNotAsked]);

    /// <summary>An invitation: to the service, or to an agreement (its title and the role given).</summary>
    public (SignInLink Link, SendEmail Email) Invitation(Participant participant, string? agreementTitle = null, AgreementRole? role = null) =>
        Issue(participant, InvitationLifetime, Emails.InvitationSubject, Emails.InvitationAction,
        [
            agreementTitle is null ? Emails.InvitationToService : EmailBody.Fill(Emails.InvitationToAgreement, agreementTitle, role.ToString()!.ToLowerInvariant()),
            EmailBody.Fill(Emails.InvitationLink, (int)InvitationLifetime.TotalDays),
        ]);

    private (SignInLink, SendEmail) Issue(Participant participant, TimeSpan lifetime, string subject, string action, IEnumerable<string> paragraphs)
    {
        var secret = Tokens.NewToken();
        var now = clock.GetUtcNow();
        var url = mail.Link(PathPrefix + secret);
        var (text, html) = EmailBody.Of([EmailBody.Fill(Emails.Greeting, participant.Name), .. paragraphs], (action, url), Emails.Footer);
        if (mail.Host is null)
        {
            logger.LogInformation("Sign-in link for {Email} (no SMTP server is configured, so it is logged too): {Url}", participant.Email, url);
        }

        return (new SignInLink(Tokens.Hash(secret), participant.Id, now, now + lifetime, null),
            new SendEmail(Guid.CreateVersion7(), participant.Email, participant.Name, subject, text, html));
    }

}
