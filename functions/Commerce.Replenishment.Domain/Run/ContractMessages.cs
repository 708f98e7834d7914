using System.Text.Json;
using Commerce.Primitives;

namespace Commerce.Replenishment.Domain;

/// <summary>Reads a message another context sends this app (a <c>Commerce.Contracts</c> record in the platform's JSON).</summary>
public static class ContractMessages
{
    /// <summary>The message as <typeparamref name="T"/>, or null for JSON <c>null</c>; a body that is not such JSON throws what <paramref name="refused"/> makes of the reason.</summary>
    public static T? Read<T>(string message, string queue, Func<string, Exception> refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        try
        {
            return JsonSerializer.Deserialize<T>(message, CommerceJson.Options);
        }
        catch (JsonException ex)
        {
            throw refused($"Not a {queue} message: " + ex.Message);
        }
    }
}
