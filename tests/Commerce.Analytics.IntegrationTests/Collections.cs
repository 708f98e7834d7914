using Commerce.Testing;

namespace Commerce.Analytics.IntegrationTests;

[CollectionDefinition(CosmosServerCollection.Name)]
public sealed class CosmosServerCollection : ICollectionFixture<CosmosServerFixture>
{
    public const string Name = "Cosmos DB server";
}
