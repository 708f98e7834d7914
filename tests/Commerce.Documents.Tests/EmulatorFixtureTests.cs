using Commerce.Testing;
using Xunit;

namespace Commerce.Documents.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteFixtureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Blob_queue_and_table_endpoints_answer_as_azurite_on_loopback()
    {
        using var http = new HttpClient();
        foreach (var endpoint in new[] { azurite.BlobEndpoint, azurite.QueueEndpoint, azurite.TableEndpoint })
        {
            Assert.True(endpoint.IsLoopback);
            using var response = await http.GetAsync(endpoint, TestContext.Current.CancellationToken);
            Assert.Contains(response.Headers.Server, s => s.Product?.Name.StartsWith("Azurite-", StringComparison.Ordinal) == true);
        }

        Assert.Contains($"BlobEndpoint={azurite.BlobEndpoint}", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("AccountName=devstoreaccount1", azurite.ConnectionString, StringComparison.Ordinal);
    }
}

public sealed class EventuallyTests
{
    [Fact]
    public async Task Until_returns_once_the_condition_holds()
    {
        var calls = 0;
        await Eventually.UntilAsync(() => ++calls >= 3, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(1), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Until_throws_timeout_with_the_reason_when_the_condition_never_holds()
    {
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.UntilAsync(
            () => false, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10), because: "the order never shipped",
            cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("the order never shipped", ex.Message, StringComparison.Ordinal);
    }
}
