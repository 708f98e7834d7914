using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Commerce.Recommendations.Training;

/// <summary>Which learner orders the co-occurrence candidates.</summary>
public enum RankerKind
{
    /// <summary>No learner: candidates in co-occurrence score order.</summary>
    None,

    /// <summary>LightGBM LambdaRank (Microsoft.ML.LightGbm).</summary>
    LightGbm,

    /// <summary>FastTree LambdaMART (Microsoft.ML.FastTree).</summary>
    FastTree,
}

/// <summary>A ranker's training row: graded label (0 none, 1 viewed, 2 carted or bought), the shopper as group, features.</summary>
internal sealed class RankingRow
{
    public float Label { get; set; }

    public uint GroupId { get; set; }

    [VectorType(CandidateFeatures.Count)]
    public float[] Features { get; set; } = [];
}

internal sealed class RankerInput
{
    [VectorType(CandidateFeatures.Count)]
    public float[] Features { get; set; } = [];
}

internal sealed class RankerOutput
{
    public float Score { get; set; }
}

/// <summary>
/// A trained ML.NET ranking model over <see cref="CandidateFeatures"/>, with a pool of prediction engines (an engine is
/// not thread-safe; a pool keeps serving allocation-free without a lock). Immutable once built.
/// </summary>
internal sealed class Ranker
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ConcurrentBag<PredictionEngine<RankerInput, RankerOutput>> _engines = [];

    private Ranker(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
    }

    public static Ranker Train(RankerKind kind, IReadOnlyList<RankingRow> rows, int iterations, int seed, int? threads)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        const string group = "GroupKey";
        IEstimator<ITransformer> trainer = kind switch
        {
            RankerKind.LightGbm => ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
            {
                LabelColumnName = nameof(RankingRow.Label),
                FeatureColumnName = nameof(RankingRow.Features),
                RowGroupColumnName = group,
                NumberOfIterations = iterations,
                NumberOfLeaves = 31,
                MinimumExampleCountPerLeaf = 50,
                LearningRate = 0.1,
                NumberOfThreads = threads,
                Seed = seed,
                Silent = true,
            }),
            RankerKind.FastTree => ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
            {
                LabelColumnName = nameof(RankingRow.Label),
                FeatureColumnName = nameof(RankingRow.Features),
                RowGroupColumnName = group,
                NumberOfTrees = iterations,
                NumberOfLeaves = 31,
                MinimumExampleCountPerLeaf = 50,
                LearningRate = 0.1,
                NumberOfThreads = threads,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No learner to train."),
        };

        var fitted = ml.Transforms.Conversion.MapValueToKey(group, nameof(RankingRow.GroupId)).Append(trainer).Fit(data);
        return new Ranker(ml, fitted.LastTransformer); // Serving needs only the scorer: its input is the feature vector.
    }

    public static Ranker Load(Stream stream)
    {
        var ml = new MLContext();
        return new Ranker(ml, ml.Model.Load(stream, out _));
    }

    public void Save(Stream stream) =>
        _ml.Model.Save(_model, _ml.Data.LoadFromEnumerable(Array.Empty<RankerInput>()).Schema, stream);

    /// <summary>Scores every candidate (higher = better).</summary>
    public float[] Score(IReadOnlyList<Candidate> candidates)
    {
        if (!_engines.TryTake(out var engine))
        {
            engine = _ml.Model.CreatePredictionEngine<RankerInput, RankerOutput>(_model);
        }

        try
        {
            var input = new RankerInput();
            var output = new RankerOutput();
            var scores = new float[candidates.Count];
            for (var i = 0; i < candidates.Count; i++)
            {
                input.Features = candidates[i].Features;
                engine.Predict(input, ref output);
                scores[i] = output.Score;
            }

            return scores;
        }
        finally
        {
            _engines.Add(engine);
        }
    }
}
