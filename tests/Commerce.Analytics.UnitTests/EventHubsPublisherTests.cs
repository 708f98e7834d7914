using System.Text.Json;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Commerce.Clickstream;
using Commerce.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static Commerce.Analytics.UnitTests.TestEvents;

namespace Commerce.Analytics.UnitTests;

/// <summary>The Event Hubs adapter against the SDK's own test seams: a mocked producer and model-factory batches.</summary>
public sealed class EventHubsPublisherTests
{
    readonly Mock<EventHubProducerClient> producer = new();
    readonly List<(string? PartitionKey, List<EventData> Events)> sent = [];

    EventHubsClickstreamPublisher Publisher(int eventsPerBatch)
    {
        producer.Setup(p => p.CreateBatchAsync(It.IsAny<CreateBatchOptions>(), It.IsAny<CancellationToken>()))
            .Returns((CreateBatchOptions options, CancellationToken _) =>
            {
                var store = new List<EventData>();
                sent.Add((options.PartitionKey, store));
                var batch = EventHubsModelFactory.EventDataBatch(1024 * 1024, store, options, _ => store.Count < eventsPerBatch);
                return ValueTask.FromResult(batch);
            });
        producer.Setup(p => p.SendAsync(It.IsAny<EventDataBatch>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        return new EventHubsClickstreamPublisher(producer.Object, NullLogger<EventHubsClickstreamPublisher>.Instance);
    }

    [Fact]
    public async Task Events_are_batched_per_session_with_the_session_id_as_partition_key()
    {
        var publisher = Publisher(eventsPerBatch: 100);
        await publisher.PublishAsync(
        [
            Event("a1", StorefrontEventTypes.PageView, Now, session: "A"),
            Event("b1", StorefrontEventTypes.PageView, Now, session: "B"),
            Event("a2", StorefrontEventTypes.ProductView, Now, session: "A"),
        ], TestContext.Current.CancellationToken);

        Assert.Equal(["A", "B"], sent.Select(s => s.PartitionKey));
        Assert.Equal(["a1", "a2"], sent[0].Events.Select(e => e.MessageId));
        producer.Verify(p => p.SendAsync(It.IsAny<EventDataBatch>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_full_batch_is_sent_and_a_new_one_started_so_no_event_is_lost()
    {
        var publisher = Publisher(eventsPerBatch: 2);
        var events = Enumerable.Range(1, 5).Select(i => Event("e" + i, StorefrontEventTypes.PageView, Now)).ToList();
        await publisher.PublishAsync(events, TestContext.Current.CancellationToken);

        Assert.Equal([2, 2, 1], sent.Select(s => s.Events.Count));
        Assert.Equal(events.Select(e => e.Id), sent.SelectMany(s => s.Events).Select(e => e.MessageId));
        producer.Verify(p => p.SendAsync(It.IsAny<EventDataBatch>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task An_event_too_large_for_an_empty_batch_fails_loudly()
    {
        var publisher = Publisher(eventsPerBatch: 0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync([Event("huge", StorefrontEventTypes.PageView, Now)], TestContext.Current.CancellationToken));
        producer.Verify(p => p.SendAsync(It.IsAny<EventDataBatch>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void The_message_body_is_the_event_as_camel_case_json_and_round_trips()
    {
        var e = Event("p1", StorefrontEventTypes.Purchase, Now);
        var data = EventHubsClickstreamPublisher.ToEventData(e);
        Assert.Equal("application/json", data.ContentType);
        using var json = JsonDocument.Parse(data.EventBody.ToMemory());
        Assert.Equal("p1", json.RootElement.GetProperty("id").GetString());
        Assert.Equal(2_599, json.RootElement.GetProperty("value").GetInt64());
        Assert.False(json.RootElement.TryGetProperty("query", out _));
        Assert.Equal(e, JsonSerializer.Deserialize(data.EventBody.ToMemory().Span, Commerce.Analytics.Domain.Events.ClickstreamJson.Default.StorefrontEvent));
    }

    [Fact]
    public void An_event_published_within_a_trace_carries_its_W3C_traceparent_as_a_property_and_one_published_outside_none()
    {
        var e = Event("p1", StorefrontEventTypes.Purchase, Now);
        using (var checkout = new System.Diagnostics.Activity("checkout").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start())
        {
            var traced = EventHubsClickstreamPublisher.ToEventData(e);
            Assert.Equal(checkout.Id, traced.Properties[TraceParents.Name]);
        }

        Assert.False(EventHubsClickstreamPublisher.ToEventData(e).Properties.ContainsKey(TraceParents.Name));
    }

    [Fact]
    public void The_client_retries_transient_failures_with_exponential_backoff()
    {
        var retry = EventHubsClickstreamPublisher.CreateClientOptions().RetryOptions;
        Assert.Equal(EventHubsRetryMode.Exponential, retry.Mode);
        Assert.True(retry.MaximumRetries >= 3);
    }
}
