using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Commerce.DevHost.Durable;

/// <summary>
/// The data converter of a deployed app's orchestrations and activities: the Durable extension of the Functions worker
/// converts inputs and outputs with the worker's serializer (<see cref="WorkerOptions.Serializer"/>; by the worker's
/// defaults, System.Text.Json matching property names case-insensitively). The Durable Task SDK's own default, which the
/// dev host's in-process engine used before, matches them case-sensitively: an input written as <c>{"origin": …}</c> for
/// a <c>record(DateOnly? Origin)</c> parameter bound in Azure and was silently dropped here.
/// </summary>
public sealed class FunctionsWorkerDataConverter(ObjectSerializer serializer) : DataConverter
{
    static readonly Lazy<FunctionsWorkerDataConverter> WorkerDefault = new(() =>
    {
        // The serializer exactly as the worker configures it (not a copy of its options).
        var services = new ServiceCollection();
        services.AddFunctionsWorkerDefaults();
        using var provider = services.BuildServiceProvider();
        return new FunctionsWorkerDataConverter(provider.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer
            ?? throw new InvalidOperationException("The Functions worker configured no serializer."));
    });

    /// <summary>The converter over the serializer a Functions worker has by default (what every app here deploys with).</summary>
    public static FunctionsWorkerDataConverter Default => WorkerDefault.Value;

    public override string? Serialize(object? value) => value is null ? null : serializer.Serialize(value, value.GetType()).ToString();

    public override object? Deserialize(string? data, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        return data is null ? null : serializer.Deserialize(BinaryData.FromString(data).ToStream(), targetType, CancellationToken.None);
    }
}
