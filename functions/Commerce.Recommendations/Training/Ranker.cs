using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
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
    private const string GroupKey = "GroupKey";
    private const int Leaves = 31;
    private const int MinimumPerLeaf = 50;
    private const double LearningRate = 0.1;
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ConcurrentBag<PredictionEngine<RankerInput, RankerOutput>> _engines = [];

    private readonly CompiledTrees? _trees;

    private Ranker(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
        _trees = CompiledTrees.TryCompile(model);
    }

    /// <summary>True when scoring runs on the flattened trees rather than a prediction engine.</summary>
    public bool IsCompiled => _trees is not null;

    public static Ranker Train(RankerKind kind, IReadOnlyList<RankingRow> rows, int iterations, int seed, int? threads)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        IEstimator<ITransformer> trainer = kind switch
        {
            RankerKind.LightGbm => ml.Ranking.Trainers.LightGbm(Columns(new LightGbmRankingTrainer.Options
            {
                NumberOfIterations = iterations, NumberOfLeaves = Leaves, MinimumExampleCountPerLeaf = MinimumPerLeaf,
                LearningRate = LearningRate, NumberOfThreads = threads, Seed = seed, Silent = true,
            })),
            RankerKind.FastTree => ml.Ranking.Trainers.FastTree(Columns(new FastTreeRankingTrainer.Options
            {
                NumberOfTrees = iterations, NumberOfLeaves = Leaves, MinimumExampleCountPerLeaf = MinimumPerLeaf,
                LearningRate = LearningRate, NumberOfThreads = threads,
            })),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No learner to train."),
        };

        var fitted = ml.Transforms.Conversion.MapValueToKey(GroupKey, nameof(RankingRow.GroupId)).Append(trainer).Fit(data);
        return new Ranker(ml, fitted.LastTransformer); // Serving needs only the scorer: its input is the feature vector.
    }

    /// <summary>The columns every ranking learner reads: graded label, feature vector, shopper group (as a key).</summary>
    private static T Columns<T>(T options)
        where T : TrainerInputBaseWithGroupId
    {
        options.LabelColumnName = nameof(RankingRow.Label);
        options.FeatureColumnName = nameof(RankingRow.Features);
        options.RowGroupColumnName = GroupKey;
        return options;
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
        if (_trees is not null)
        {
            var scores = new float[candidates.Count];
            for (var i = 0; i < candidates.Count; i++)
            {
                scores[i] = _trees.Score(candidates[i].Features);
            }

            return scores;
        }

        return ScoreWithEngine(candidates);
    }

    /// <summary>Scores through an ML.NET prediction engine (the reference the flattened trees must match).</summary>
    public float[] ScoreWithEngine(IReadOnlyList<Candidate> candidates)
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
