using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Commerce.Analytics.Domain.Aggregation;

/// <summary>
/// Writes a set of 64-bit hashes as one base64 string of little-endian 8-byte values: compact, and exact (JSON numbers
/// above 2⁵³ would lose bits in stores that keep numbers as doubles, such as Cosmos DB).
/// </summary>
public sealed class PackedHashSetConverter : JsonConverter<HashSet<ulong>>
{
    public override HashSet<ulong> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var bytes = reader.GetBytesFromBase64();
        if (bytes.Length % sizeof(ulong) != 0)
        {
            throw new JsonException("A packed hash set must hold a whole number of 8-byte values.");
        }

        var set = new HashSet<ulong>(bytes.Length / sizeof(ulong));
        for (var offset = 0; offset < bytes.Length; offset += sizeof(ulong))
        {
            set.Add(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset)));
        }

        return set;
    }

    public override void Write(Utf8JsonWriter writer, HashSet<ulong> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[value.Count * sizeof(ulong)];
        var offset = 0;
        foreach (var hash in value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), hash);
            offset += sizeof(ulong);
        }

        writer.WriteBase64StringValue(bytes);
    }
}
