using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Resources;
using Marten;
using Npgsql;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Infrastructure;

/// <summary>Marten (events and documents) and Wolverine (handlers, endpoints, durable outbox) on one database.</summary>
public static class CritterStack
{
    public const string Schema = "agreements";
    public const string RegenerateCode = "AGREEMENTS_UPDATE_CODEGEN";

    public static WebApplicationBuilder AddCritterStack(this WebApplicationBuilder builder, string connectionString)
    {
        builder.Services.AddMarten(opts =>
            {
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = Schema;
                // Rich appends give inline projections each event's global sequence: the audit trail is ordered by it.
                opts.Events.AppendMode = EventAppendMode.Rich;
                // Changes are polymorphic ({"op": "add", …}); jsonb reorders keys, so the discriminator may come anywhere.
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, configure: json => json.AllowOutOfOrderMetadataProperties = true);
            })
            .UseLightweightSessions()
            // Notifications hear of events by Wolverine's event forwarding: the events a handler or endpoint appends are
            // published into that same session's durable outbox before it commits, so the messages are stored in the very
            // transaction that records the events. Hence an email only for a transaction that committed (a rolled-back one
            // takes its messages with it), none lost across a restart (they wait in the database until handled), and none
            // doubled across two nodes (each stored message is owned by one node at a time; a dead node's are taken over,
            // not copied, and SendEmail's id stops a redelivery from sending twice). Every write here runs through
            // Wolverine's transactional middleware (AutoApplyTransactions), which forwarding needs. Not chosen: a Marten
            // subscription (PublishEventsToWolverine), which would give ordering we do not need at the price of running the
            // async daemon on a leader node and polling, for the same guarantees.
            .IntegrateWithWolverine(w => w.UseFastEventForwarding = true);

        builder.Host.UseWolverine(opts =>
        {
            // Handlers' and endpoints' code is generated ahead of time (Internal/Generated, kept in step by
            // GeneratedCodeTests): no compiler at run time, so start-up is faster and Roslyn never loads.
            // AGREEMENTS_UPDATE_CODEGEN=1 compiles at run time instead, so the code can be regenerated after a change.
            opts.CodeGeneration.TypeLoadMode = builder.Configuration[RegenerateCode] == "1" ? TypeLoadMode.Dynamic : TypeLoadMode.Static;
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);

            // Closing a vote locks its agreement, so closers take turns; a lost race on a proposal's stream is retried.
            opts.OnException<ConcurrencyException>().RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));
            opts.OnException<NpgsqlException>(e => e.IsTransient).RetryWithCooldown(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        });

        // Schema objects (Marten's and Wolverine's) are created or brought up to date at start-up.
        builder.Services.AddResourceSetupOnStartup();
        builder.Services.AddWolverineHttp();
        builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        return builder;
    }

    public static void MapEndpoints(this WebApplication app) =>
        app.MapWolverineEndpoints(opts =>
        {
            opts.RequireAuthorizeOnAll();
            // '?page=abc' is a 400 naming the parameter, not page 1: a client's typo is told, not guessed at.
            opts.RejectUnparseableQueryValues = true;
            opts.MapConcurrencyFailuresToConflict();
            opts.AddPolicy<RequestValidationPolicy>();
        });
}
