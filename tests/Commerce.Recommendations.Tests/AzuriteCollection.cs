using Commerce.Testing;

namespace Commerce.Recommendations.Tests;

/// <summary>Azurite (blob) from npm, one process for the collection.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
