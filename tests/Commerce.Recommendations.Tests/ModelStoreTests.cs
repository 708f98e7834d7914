using Azure.Storage.Blobs;
using Commerce.Recommendations.Storage;
using Commerce.Recommendations.Training;
using Commerce.Testing;

namespace Commerce.Recommendations.Tests;

/// <summary>What every model store must do; each adapter runs it.</summary>
public abstract class ModelStoreContract
{
    protected abstract IModelStore CreateStore();

    [Fact]
    public async Task Empty_store_has_no_latest_model()
    {
        var store = CreateStore();

        Assert.Null(await store.GetLatestMetadataAsync(TestContext.Current.CancellationToken));
        Assert.Null(await store.LoadLatestAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Latest_is_the_last_saved_model_with_its_metadata_and_artifact()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var store = CreateStore();
        var older = TestModels.Cooccurrence;
        var newer = TestModels.Ranked;

        await store.SaveAsync(older.Metadata, older.ToArtifact(), cancellationToken);
        await store.SaveAsync(newer.Metadata, newer.ToArtifact(), cancellationToken);
        var latest = await store.LoadLatestAsync(cancellationToken);

        Assert.NotNull(latest);
        Assert.Equal(newer.Version, (await store.GetLatestMetadataAsync(cancellationToken))!.Version);
        Assert.Equal(newer.Metadata.Version, latest.Metadata.Version);
        Assert.Equal(newer.Metadata.DataFrom, latest.Metadata.DataFrom);
        Assert.Equal(newer.Metadata.Metrics, latest.Metadata.Metrics);
        var loaded = RecommendationModel.Load(latest.Artifact);
        Assert.True(loaded.HasRanker);
        Assert.Equal(newer.Related("p-00002", 5), loaded.Related("p-00002", 5));
    }

    [Fact]
    public async Task Versions_that_could_escape_the_layout_are_rejected()
    {
        var metadata = TestModels.Cooccurrence.Metadata with { Version = "../evil" };

        await Assert.ThrowsAsync<ArgumentException>(() => CreateStore().SaveAsync(metadata, [1], TestContext.Current.CancellationToken));
    }
}

public sealed class LocalFolderModelStoreTests : ModelStoreContract
{
    protected override IModelStore CreateStore() => new LocalFolderModelStore(Directory.CreateTempSubdirectory("models-").FullName);
}

[Collection(AzuriteCollection.Name)]
public sealed class BlobModelStoreTests(AzuriteFixture azurite) : ModelStoreContract
{
    protected override IModelStore CreateStore() =>
        new BlobModelStore(new BlobContainerClient(azurite.ConnectionString, "models-" + Guid.NewGuid().ToString("N")));

    [Fact]
    public void Registration_picks_the_blob_store_when_a_connection_string_is_configured()
    {
        var options = new RecommendationOptions { BlobConnectionString = azurite.ConnectionString };

        Assert.IsType<BlobModelStore>(RecommendationsRegistration.CreateStore(options));
        Assert.IsType<LocalFolderModelStore>(RecommendationsRegistration.CreateStore(new RecommendationOptions()));
    }
}
