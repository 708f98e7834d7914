using ScottPlot;

namespace Commerce.Simulator;

/// <summary>The latency distribution of each endpoint (and of checkout saga completion) as a percentile curve, written as a PNG.</summary>
public static class LatencyChart
{
    static readonly double[] Points = [.. Enumerable.Range(0, 200).Select(i => i * 0.5), 99.5, 99.9];

    public static void Write(string path, IReadOnlyDictionary<string, double[]> latencies, IReadOnlyList<double> sagaLatencies)
    {
        var plot = new Plot();
        foreach (var (name, values) in latencies.Where(l => l.Value.Length >= 10).Append(new("checkout saga completion", [.. sagaLatencies])).Where(l => l.Value.Length > 0))
        {
            var sorted = values.Order().ToArray();
            var curve = plot.Add.ScatterLine(Points, [.. Points.Select(p => Percentiles.Of(sorted, p / 100))]);
            curve.LegendText = name;
            curve.LineWidth = name.StartsWith("checkout", StringComparison.Ordinal) ? 3 : 1.5f;
        }

        plot.Title("Latency by percentile");
        plot.XLabel("percentile");
        plot.YLabel("latency (ms)");
        plot.Axes.SetLimitsX(0, 100);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1200, 800);
    }
}
