using System.Text.Json;
using Commerce.Primitives;
using Commerce.ServiceDefaults;

namespace Commerce.Recommendations.Storage;

/// <summary>
/// The one layout both model stores use: <c>{version}/model.zip</c>, <c>{version}/metadata.json</c>, and
/// <c>latest.json</c> (the latest model's metadata), written last so it never names a model that isn't there yet.
/// </summary>
internal static class ModelStoreLayout
{
    public const string Latest = "latest.json";

    public static string Artifact(string version) => $"{Validated(version)}/model.zip";

    public static string Metadata(string version) => $"{Validated(version)}/metadata.json";

    public static byte[] Serialize(ModelMetadata metadata) => JsonSerializer.SerializeToUtf8Bytes(metadata, CommerceJson.Options);

    public static ModelMetadata Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ModelMetadata>(json, CommerceJson.Options) ?? throw new InvalidDataException("Empty model metadata.");

    private static string Validated(string version) =>
        !string.IsNullOrWhiteSpace(version) && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')
            ? version
            : throw new ArgumentException($"'{version}' is not a valid model version (letters, digits, '-', '.', '_').", nameof(version));
}
