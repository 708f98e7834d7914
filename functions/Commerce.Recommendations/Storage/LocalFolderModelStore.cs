namespace Commerce.Recommendations.Storage;

/// <summary>The embedded model store: a local folder (writes go through a temporary file and an atomic rename).</summary>
public sealed class LocalFolderModelStore(string folder) : IModelStore
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task SaveAsync(ModelMetadata metadata, byte[] artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        await WriteAsync(ModelStoreLayout.Artifact(metadata.Version), artifact, cancellationToken);
        var json = ModelStoreLayout.Serialize(metadata);
        await WriteAsync(ModelStoreLayout.Metadata(metadata.Version), json, cancellationToken);
        await WriteAsync(ModelStoreLayout.Latest, json, cancellationToken);
    }

    public async Task<ModelMetadata?> GetLatestMetadataAsync(CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Folder, ModelStoreLayout.Latest);
        try
        {
            return ModelStoreLayout.Deserialize(await File.ReadAllBytesAsync(path, cancellationToken));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<StoredModel?> LoadLatestAsync(CancellationToken cancellationToken = default)
    {
        var metadata = await GetLatestMetadataAsync(cancellationToken);
        if (metadata is null)
        {
            return null;
        }

        var artifact = await File.ReadAllBytesAsync(Path.Combine(Folder, ModelStoreLayout.Artifact(metadata.Version)), cancellationToken);
        return new StoredModel(metadata, artifact);
    }

    private async Task WriteAsync(string relativePath, byte[] content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
