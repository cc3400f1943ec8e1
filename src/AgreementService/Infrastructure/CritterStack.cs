using AgreementService.Webhooks;
using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using Weasel.Core;
using JasperFx.Resources;
using Marten;
using Marten.Exceptions;
using Npgsql;
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
            .IntegrateWithWolverine();

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
            opts.RetryWebhookDeliveries();
            opts.OnException<NpgsqlException>(e => e.IsTransient).RetryWithCooldown(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        });

        // Schema objects (Marten's and Wolverine's) are created or brought up to date at start-up.
        builder.Services.AddResourceSetupOnStartup();
        builder.Services.AddWolverineHttp();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        return builder;
    }

    /// <summary>camelCase fields, enums as camelCase strings, unknown fields refused so typos are caught.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.MaxDepth = 32;
        json.AllowOutOfOrderMetadataProperties = true;
        json.Converters.Add(new PrintableText());
    }

    /// <summary>
    /// Text in request bodies may hold any character a person writes (bidi marks included) but no control characters
    /// other than tab and line breaks: NUL cannot be stored, and the others are never meant.
    /// </summary>
    private sealed class PrintableText : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            if (text is not null && text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                throw new JsonException("Text may not contain control characters (other than tabs and line breaks).");
            }

            return text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    public static void MapEndpoints(this WebApplication app) =>
        app.MapWolverineEndpoints(opts =>
        {
            opts.RequireAuthorizeOnAll();
            opts.MapConcurrencyFailuresToConflict();
            opts.AddPolicy<RequestValidationPolicy>();
        });
}
