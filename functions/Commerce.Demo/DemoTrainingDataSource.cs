using Commerce.Recommendations.Serving;

namespace Commerce.Demo;

/// <summary>The dev host's training data: the deterministic demo shoppers.</summary>
public sealed class DemoTrainingDataSource(DemoDataOptions options) : ITrainingDataSource
{
    private readonly Lazy<DemoData> _data = new(() => DemoDataGenerator.Generate(options));

    public DemoData Data => _data.Value;

    public Task<TrainingData> LoadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new TrainingData(Data.Interactions, Data.ProductsById));
}
