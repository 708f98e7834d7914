using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace Commerce.Recommendations.Training;

/// <summary>
/// A trained tree ensemble (LightGBM or FastTree, numeric splits only) flattened into arrays, so scoring a candidate is
/// a few hundred comparisons with no allocation and no prediction-engine plumbing: the ranker's serving path.
/// Scores equal the ML.NET model's (a test checks it against a prediction engine).
/// </summary>
internal sealed class CompiledTrees
{
    private readonly int[][] _left;
    private readonly int[][] _right;
    private readonly int[][] _feature;
    private readonly float[][] _threshold;
    private readonly double[][] _leaf;
    private readonly double[] _weight;
    private readonly double _bias;

    private CompiledTrees(RegressionTreeEnsemble ensemble)
    {
        var trees = ensemble.Trees;
        _left = [.. trees.Select(t => t.LeftChild.ToArray())];
        _right = [.. trees.Select(t => t.RightChild.ToArray())];
        _feature = [.. trees.Select(t => t.NumericalSplitFeatureIndexes.ToArray())];
        _threshold = [.. trees.Select(t => t.NumericalSplitThresholds.ToArray())];
        _leaf = [.. trees.Select(t => t.LeafValues.ToArray())];
        _weight = [.. ensemble.TreeWeights];
        _bias = ensemble.Bias;
    }

    /// <summary>The flattened ensemble, or null when the model is not a tree ensemble with numeric splits only.</summary>
    public static CompiledTrees? TryCompile(ITransformer model)
    {
        if (model is not ISingleFeaturePredictionTransformer<object> { Model: TreeEnsembleModelParametersBasedOnRegressionTree parameters })
        {
            return null;
        }

        var ensemble = parameters.TrainedTreeEnsemble;
        return ensemble.Trees.Any(t => t.CategoricalSplitFlags.Any(c => c)) ? null : new CompiledTrees(ensemble);
    }

    public float Score(float[] features)
    {
        var sum = _bias;
        for (var t = 0; t < _leaf.Length; t++)
        {
            int[] left = _left[t], right = _right[t], feature = _feature[t];
            var threshold = _threshold[t];
            var node = left.Length == 0 ? -1 : 0; // A tree without splits is one leaf (index 0 = ~-1).
            while (node >= 0)
            {
                node = features[feature[node]] <= threshold[node] ? left[node] : right[node];
            }

            sum += _leaf[t][~node] * _weight[t];
        }

        return (float)sum;
    }
}
