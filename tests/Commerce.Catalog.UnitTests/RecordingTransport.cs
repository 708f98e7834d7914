using System.Diagnostics.CodeAnalysis;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Commerce.Catalog.UnitTests;

/// <summary>An Azure SDK transport that records each request and answers from a script: the SDK's own test seam.</summary>
internal sealed class RecordingTransport(Func<RecordedRequest, (int Status, string Body)> respond) : HttpPipelineTransport
{
    readonly HttpClientTransport _factory = new();

    public List<RecordedRequest> Requests { get; } = [];

    public override Request CreateRequest() => _factory.CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var body = new MemoryStream();
        message.Request.Content?.WriteTo(body, CancellationToken.None);
        var recorded = new RecordedRequest(message.Request.Method.Method, message.Request.Uri.ToUri(), Encoding.UTF8.GetString(body.ToArray()));
        Requests.Add(recorded);
        var (status, json) = respond(recorded);
        message.Response = new CannedResponse(status, json);
        return ValueTask.CompletedTask;
    }

    sealed class CannedResponse(int status, string json) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public override Stream? ContentStream { get; set; } = new MemoryStream(Encoding.UTF8.GetBytes(json));

        public override string ClientRequestId { get; set; } = Guid.NewGuid().ToString();

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [new HttpHeader("Content-Type", "application/json")];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase) ? "application/json" : null;
            return value is not null;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = TryGetHeader(name, out var value) ? [value] : null;
            return values is not null;
        }
    }
}

internal sealed record RecordedRequest(string Method, Uri Uri, string Body);
