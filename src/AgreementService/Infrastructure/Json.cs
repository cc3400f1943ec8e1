using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgreementService.Infrastructure;

/// <summary>
/// How request and response bodies (and webhook events) are read and written. Marten stores events and documents
/// with serializer settings of its own (Infrastructure/CritterStack.cs), so stored times keep every tick.
/// </summary>
public static class Json
{
    /// <summary>camelCase fields, enums as camelCase strings, unknown fields refused so typos are caught, times in UTC.</summary>
    public static void Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.MaxDepth = 32;
        json.AllowOutOfOrderMetadataProperties = true;
        json.Converters.Add(new PrintableText());
        json.Converters.Add(new UtcTimestamps());
    }

    /// <summary>
    /// Times are written in UTC to the millisecond, <c>2026-12-02T03:19:25.123Z</c>, whatever offset they were given
    /// with; any RFC 3339 time is read, its offset kept (a vote's closesAt may come as +02:00).
    /// </summary>
    private sealed class UtcTimestamps : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>A value that is well-formed and of the right type, refused for what it holds: the message is for the client, as it is.</summary>
    public sealed class RefusedValueException(string message) : JsonException(message);

    /// <summary>
    /// Text in request bodies may hold any character a person writes (bidi marks included) but no control characters
    /// other than tab and line breaks, and not U+FFFE or U+FFFF: NUL cannot be stored, none of them is ever meant, and
    /// XML (Word, Akoma Ntoso) cannot hold them.
    /// </summary>
    private sealed class PrintableText : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            if (text is not null && text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF'))
            {
                throw new RefusedValueException("Text may not contain control characters (other than tabs and line breaks) or the noncharacters U+FFFE and U+FFFF.");
            }

            return text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
