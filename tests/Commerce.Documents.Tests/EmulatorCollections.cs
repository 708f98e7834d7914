using Commerce.Testing;
using Xunit;

namespace Commerce.Documents.Tests;

/// <summary>One emulator process per collection, shared by its test classes: the Cosmos DB server from npm.</summary>
[CollectionDefinition(CosmosServerCollection.Name)]
public sealed class CosmosServerCollection : ICollectionFixture<CosmosServerFixture>
{
    public const string Name = "Cosmos DB server";
}

/// <summary>Azurite (blob, queue, table) from npm.</summary>
[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
