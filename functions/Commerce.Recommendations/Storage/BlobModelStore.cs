using Azure;
using Azure.Storage.Blobs;

namespace Commerce.Recommendations.Storage;

/// <summary>The Azure model store: one Blob Storage container (created on first save), same layout as the local folder.</summary>
public sealed class BlobModelStore(BlobContainerClient container) : IModelStore
{
    private int _containerExists;

    public async Task SaveAsync(ModelMetadata metadata, byte[] artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (Volatile.Read(ref _containerExists) == 0)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            Volatile.Write(ref _containerExists, 1);
        }

        var json = new BinaryData(ModelStoreLayout.Serialize(metadata));
        await container.GetBlobClient(ModelStoreLayout.Artifact(metadata.Version)).UploadAsync(new BinaryData(artifact), overwrite: true, cancellationToken);
        await container.GetBlobClient(ModelStoreLayout.Metadata(metadata.Version)).UploadAsync(json, overwrite: true, cancellationToken);
        await container.GetBlobClient(ModelStoreLayout.Latest).UploadAsync(json, overwrite: true, cancellationToken);
    }

    public async Task<ModelMetadata?> GetLatestMetadataAsync(CancellationToken cancellationToken = default)
    {
        var content = await DownloadOrNullAsync(ModelStoreLayout.Latest, cancellationToken);
        return content is null ? null : ModelStoreLayout.Deserialize(content.ToMemory().Span);
    }

    public async Task<StoredModel?> LoadLatestAsync(CancellationToken cancellationToken = default)
    {
        var metadata = await GetLatestMetadataAsync(cancellationToken);
        if (metadata is null)
        {
            return null;
        }

        var artifact = await DownloadOrNullAsync(ModelStoreLayout.Artifact(metadata.Version), cancellationToken)
            ?? throw new InvalidOperationException($"Model {metadata.Version} is the latest but its artifact is missing.");
        return new StoredModel(metadata, artifact.ToArray());
    }

    private async Task<BinaryData?> DownloadOrNullAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // No container or no blob yet: no model.
        }
    }
}
