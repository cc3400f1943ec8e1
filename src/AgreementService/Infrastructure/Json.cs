using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgreementService.Infrastructure;

/// <summary>How request and response bodies are read and written.</summary>
public static class Json
{
    /// <summary>camelCase fields, enums as camelCase strings, unknown fields refused so typos are caught.</summary>
    public static void Configure(JsonSerializerOptions json)
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
}
