using Commerce.Testing;

namespace Commerce.Catalog.IntegrationTests;

[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

[CollectionDefinition(DevHostCollection.Name)]
public sealed class DevHostCollection : ICollectionFixture<CatalogDevHost>
{
    public const string Name = "Catalog dev host";
}
