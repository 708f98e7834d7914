using System.Text.Json.Nodes;
using Commerce.Client;
using Models = Commerce.Client.Models;
using Commerce.Orders.Domain;
using Commerce.ServiceDefaults.OpenApi;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The storefront client is generated in the build (tests/Commerce.Client, Kiota) from the document the code builds,
/// and drives the dev host: a document change that breaks clients breaks the build or these tests.
/// </summary>
public sealed class GeneratedClientTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    /// <summary>Set to 1 to write the document the code builds over the client's copy (then rebuild the client).</summary>
    const string UpdateVariable = "COMMERCE_OPENAPI_UPDATE";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string ClientDocument => Path.Combine(TestPaths.RepositoryRoot, "tests", "Commerce.Client", "commerce-openapi.v1.json");

    [Fact]
    public void The_client_is_generated_from_the_document_the_code_builds()
    {
        var built = ServedOpenApiDocument.Merged(DevHostExtensions.Apps);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllBytes(ClientDocument, built.Json);
        }

        Assert.True(
            JsonNode.DeepEquals(built.Document, JsonNode.Parse(File.ReadAllText(ClientDocument))),
            $"tests/Commerce.Client/commerce-openapi.v1.json is not the document the code builds: run this test with {UpdateVariable}=1, then rebuild.");
    }

    [Fact]
    public async Task A_shopper_checks_out_through_the_generated_client()
    {
        var product = await DevHostFactory.DemoProductAsync(factory.CreateClient(), "demo-000007", Ct);
        var sku = product.GetProperty("variants")[0].GetProperty("sku").GetString()!;
        await factory.Services.GetRequiredService<InventoryService>().SeedAsync(sku, [("wh-client", 100)], Ct);
        using var http = KiotaClientFactory.Create(factory.Server.CreateHandler());
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = "http://localhost" };
        var client = new CommerceClient(adapter);

        var createdHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var created = await client.Api.Carts.PostAsync(new Models.CreateCartRequest { Currency = "USD" }, c => c.Options.Add(createdHeaders), Ct);
        var etag = createdHeaders.ResponseHeaders["ETag"].Single();
        var cart = await client.Api.Carts[created!.CartId].Items.PostAsync(
            new Models.AddItemRequest { Sku = sku, Quantity = 2 },
            c => { c.Headers.Add("X-Cart-Token", created.CartToken!); c.Headers.Add("If-Match", etag); },
            Ct);
        var accepted = await client.Api.Checkout.PostAsync(
            new Models.CheckoutRequest
            {
                CartId = created.CartId,
                CartToken = created.CartToken,
                Email = "client@example.com",
                ShippingAddress = new Models.ShippingAddress { Name = "Ada Client", Line1 = "1 Main St", City = "Springfield", Region = "IL", PostalCode = "62701", Country = "US" },
                PaymentToken = "tok_approve",
            },
            c => c.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N")),
            Ct);
        var order = await client.Api.Orders[accepted!.OrderId].GetAsync(c => c.Headers.Add("Order-Token", accepted.OrderToken!), Ct);
        var stranger = await Assert.ThrowsAnyAsync<ApiException>(() => client.Api.Orders[accepted.OrderId].GetAsync(cancellationToken: Ct));

        Assert.Equal(2, Assert.Single(cart!.Lines!).Quantity);
        Assert.Equal(accepted.OrderId, order!.OrderId);
        Assert.Equal(404, stranger.ResponseStatusCode);
    }
}
