using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Commerce.DevHost.Tests.SampleApp;

/// <summary>A message for the sample queue function: it throws until it has been attempted <see cref="FailTimes"/> times.</summary>
public sealed record SampleMessage(string Id, int FailTimes);

/// <summary>What the sample functions saw, shared with the test through the container.</summary>
public sealed class SampleLedger
{
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    public ConcurrentQueue<string> Handled { get; } = new();
}

/// <summary>Functions of every trigger kind the dev host supports, written exactly as an app would write them.</summary>
public sealed class SampleFunctions(SampleLedger ledger)
{
    [Function("SampleGreeting")]
    public IActionResult Greet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sample/greet/{name}/{times:int}")] HttpRequest request, string name, int times)
        => new OkObjectResult(new { greeting = string.Concat(Enumerable.Repeat(name, times)), query = request.Query["q"].ToString() });

    [Function("SampleAdmin")]
    public IResult Admin([HttpTrigger(AuthorizationLevel.Function, "post", "put", Route = "sample/admin")] HttpRequest request)
        => Results.Text("admin " + request.Method);

    [Function("SampleQueue")]
    public Task Handle([QueueTrigger("sample-items")] SampleMessage message, CancellationToken cancellationToken)
    {
        var attempt = ledger.Attempts.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
        if (attempt <= message.FailTimes)
        {
            throw new InvalidOperationException($"attempt {attempt} of {message.Id} fails on purpose");
        }

        ledger.Handled.Enqueue(message.Id);
        return Task.CompletedTask;
    }

    [Function("SampleOrchestration")]
    public static async Task<string> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context, string[] words)
    {
        var shouted = new List<string>();
        foreach (var word in words)
        {
            shouted.Add(await context.CallActivityAsync<string>("SampleShout", new ShoutRequest(word, 2)));
        }

        return string.Join(' ', shouted);
    }

    /// <summary>Says it is waiting (its custom status) until the event <c>Go</c> arrives, then says it is done.</summary>
    [Function("SampleWaitingOrchestration")]
    public static async Task<string> Wait([OrchestrationTrigger] TaskOrchestrationContext context, string subject)
    {
        context.SetCustomStatus("waiting");
        var go = await context.WaitForExternalEvent<string>("Go");
        context.SetCustomStatus("done");
        return subject + ":" + go;
    }

    [Function("SampleShout")]
    public string Shout([ActivityTrigger] ShoutRequest request)
    {
        ledger.Handled.Enqueue("shout:" + request.Word);
        return request.Word.ToUpperInvariant() + new string('!', request.Exclamations);
    }
}

/// <summary>A timer function, as a nightly job would be written.</summary>
public sealed class SampleNightly(SampleLedger ledger)
{
    [Function("SampleNightly")]
    public Task Run([TimerTrigger("0 0 3 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ledger.Handled.Enqueue($"nightly:next={timer.ScheduleStatus?.Next:HH:mm:ss}");
        return Task.CompletedTask;
    }
}

public sealed record ShoutRequest(string Word, int Exclamations);
