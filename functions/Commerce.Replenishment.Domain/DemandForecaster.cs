using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Commerce.Replenishment.Domain;

/// <summary>How the forecaster trains.</summary>
public sealed record ForecasterOptions
{
    public int Trees { get; init; } = 200;

    public int Leaves { get; init; } = 31;

    public int MinimumExamplesPerLeaf { get; init; } = 20;

    public double LearningRate { get; init; } = 0.1;

    /// <summary>Series trained on at most: past it, every k-th series (a stable, even sample).</summary>
    public int MaxTrainingSeries { get; init; } = 2_000;

    /// <summary>Training rows kept at most: origins are thinned evenly (every k-th day) to stay under it.</summary>
    public int MaxTrainingRows { get; init; } = 150_000;

    public int Seed { get; init; } = 42;

    /// <summary>
    /// Learn log(1 + demand / level) rather than demand / level: the forecast leans from the mean towards the median,
    /// which is what minimises absolute error (WAPE) on lumpy demand.
    /// </summary>
    public bool LogTarget { get; init; } = true;

    /// <summary>Training threads; null lets ML.NET choose.</summary>
    public int? Threads { get; init; }
}

/// <summary>
/// One FastTree regression (Microsoft.ML.FastTree) over <see cref="DemandFeatures"/> shared by every series: it learns
/// weekday, promotion and trend effects across SKUs and warehouses. Trained on rows whose target day is on or before a
/// cutoff only (a time-based split); each row is weighted by its series' level, so the loss weighs units as WAPE does.
/// </summary>
public sealed class DemandForecaster
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly bool _logTarget;

    private DemandForecaster(MLContext ml, ITransformer model, bool logTarget)
    {
        _ml = ml;
        _model = model;
        _logTarget = logTarget;
    }

    /// <summary>Rows the model was trained on.</summary>
    public int TrainingRows { get; private init; }

    public static DemandForecaster Train(IReadOnlyList<DemandSeries> series, DateOnly cutoff, ForecasterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= new ForecasterOptions();
        var sampleStep = (series.Count + options.MaxTrainingSeries - 1) / Math.Max(1, options.MaxTrainingSeries);
        var sample = sampleStep <= 1 ? series : [.. series.Where((_, i) => i % sampleStep == 0)];
        var rows = BuildRows(sample, cutoff, options.MaxTrainingRows, options.LogTarget);
        if (rows.Count == 0)
        {
            throw new ArgumentException("No series has enough history before the cutoff to train on.", nameof(series));
        }

        var ml = new MLContext(options.Seed);
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            LabelColumnName = nameof(TrainingRow.Label),
            FeatureColumnName = nameof(TrainingRow.Features),
            ExampleWeightColumnName = nameof(TrainingRow.Weight),
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = options.Threads,
        });
        var model = trainer.Fit(ml.Data.LoadFromEnumerable(rows));
        return new DemandForecaster(ml, model, options.LogTarget) { TrainingRows = rows.Count };
    }

    /// <summary>Whether the model learns log demand (a loaded model needs to know how to read its output).</summary>
    public bool LogTarget => _logTarget;

    /// <summary>Writes the trained model (ML.NET's zip format), so one training serves every partition of a run.</summary>
    public void Save(Stream stream) => _ml.Model.Save(_model, null, stream);

    /// <summary>A model <see cref="Save"/> wrote.</summary>
    public static DemandForecaster Load(Stream stream, bool logTarget, int trainingRows)
    {
        var ml = new MLContext();
        return new DemandForecaster(ml, ml.Model.Load(stream, out _), logTarget) { TrainingRows = trainingRows };
    }

    /// <summary>
    /// The next <paramref name="horizon"/> days (1..7) of every series after <paramref name="origin"/> (the last day
    /// the forecast may see). A series without 84 days of history by then gets its seasonal-naive forecast, or zeros.
    /// </summary>
    public float[][] Forecast(IReadOnlyList<DemandSeries> series, DateOnly origin, int horizon = DemandFeatures.MaxHorizon)
        => Forecast(series, [origin], horizon)[0];

    /// <summary>
    /// <see cref="Forecast(IReadOnlyList{DemandSeries}, DateOnly, int)"/> from several origins in one scoring pass (a
    /// nightly partition scores its held-out weeks and tonight together): result[origin][series][day - 1].
    /// </summary>
    public float[][][] Forecast(IReadOnlyList<DemandSeries> series, IReadOnlyList<DateOnly> origins, int horizon = DemandFeatures.MaxHorizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(origins);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizon, DemandFeatures.MaxHorizon);
        var inputs = new List<ForecastInput>(origins.Count * series.Count * horizon);
        var scales = new float[origins.Count * series.Count];
        var result = new float[origins.Count][][];
        for (var k = 0; k < origins.Count; k++)
        {
            result[k] = new float[series.Count][];
            for (var s = 0; s < series.Count; s++)
            {
                var o = origins[k].DayNumber - series[s].Start.DayNumber;
                var forecast = result[k][s] = new float[horizon];
                if (!DemandFeatures.CanForecastFrom(o) || o > series[s].LastDay)
                {
                    for (var h = 1; h <= horizon; h++)
                    {
                        forecast[h - 1] = o >= 7 && o <= series[s].LastDay ? SeasonalNaive.Forecast(series[s], o, o + h) : 0;
                    }

                    continue;
                }

                var scale = scales[(k * series.Count) + s] = DemandFeatures.Scale(series[s], o);
                for (var h = 1; h <= horizon; h++)
                {
                    var features = new float[DemandFeatures.Count];
                    DemandFeatures.Write(series[s], o, o + h, scale, features);
                    inputs.Add(new ForecastInput { Origin = k, Series = s, Horizon = h, Features = features });
                }
            }
        }

        if (inputs.Count == 0)
        {
            return result;
        }

        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(inputs));
        var i = 0;
        foreach (var score in scored.GetColumn<float>("Score"))
        {
            var input = inputs[i++];
            var relative = _logTarget ? MathF.Exp(score) - 1 : score;
            result[input.Origin][input.Series][input.Horizon - 1] = MathF.Max(0, relative * scales[(input.Origin * series.Count) + input.Series]);
        }

        return result;
    }

    private static List<TrainingRow> BuildRows(IReadOnlyList<DemandSeries> series, DateOnly cutoff, int maxRows, bool logTarget)
    {
        long available = 0;
        foreach (var s in series)
        {
            available += Math.Max(0, LastTarget(s, cutoff) - DemandFeatures.History) * DemandFeatures.MaxHorizon;
        }

        var stride = (int)Math.Max(1, (available + maxRows - 1) / Math.Max(1, maxRows));
        var rows = new List<TrainingRow>((int)Math.Min(available / stride + series.Count, maxRows + series.Count));
        foreach (var s in series)
        {
            var last = LastTarget(s, cutoff);

            // Newest origins first, so thinning keeps the most recent weeks of every series.
            for (var o = last - 1; DemandFeatures.CanForecastFrom(o); o -= stride)
            {
                var scale = DemandFeatures.Scale(s, o);
                for (var day = o + 1; day <= Math.Min(last, o + DemandFeatures.MaxHorizon); day++)
                {
                    var features = new float[DemandFeatures.Count];
                    DemandFeatures.Write(s, o, day, scale, features);
                    rows.Add(new TrainingRow { Features = features, Label = logTarget ? MathF.Log(1 + (s.Quantities[day] / scale)) : s.Quantities[day] / scale, Weight = scale });
                }
            }
        }

        return rows;
    }

    private static int LastTarget(DemandSeries series, DateOnly cutoff) =>
        Math.Min(series.LastDay, cutoff.DayNumber - series.Start.DayNumber);

    private sealed class TrainingRow
    {
        [VectorType(DemandFeatures.Count)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public float Weight { get; set; }
    }

    private sealed class ForecastInput
    {
        [NoColumn]
        public int Origin { get; set; }

        [NoColumn]
        public int Series { get; set; }

        [NoColumn]
        public int Horizon { get; set; }

        [VectorType(DemandFeatures.Count)]
        public float[] Features { get; set; } = [];
    }
}
