using System.Net;
using System.Net.Http.Headers;
using Commerce.ServiceDefaults;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The dev host with a sign-in authority nobody answers at (a closed loopback port).</summary>
public sealed class SignInOutageHost : OrdersHost
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:Authority"] = "http://127.0.0.1:9/",
        ["Auth:Audience"] = "api://storefront",
    };
}

/// <summary>When sign-in cannot be checked, routes that read a bearer token answer 503 with Retry-After, never 500 or 404.</summary>
public sealed class SignInOutageTests(SignInOutageHost host) : IClassFixture<SignInOutageHost>
{
    [Theory]
    [InlineData("GET", "/api/orders/ord_0123456789abcdef0123456789abcdef")]
    [InlineData("POST", "/api/orders/ord_0123456789abcdef0123456789abcdef/cancel")]
    public async Task A_bearer_that_cannot_be_checked_is_a_503_with_retry_after(string method, string path)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(Problems.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(TransientFailures.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
    }
}
