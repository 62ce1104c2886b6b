namespace MatchModels.Training.Export;

/// <summary>
/// One regression tree in ML.NET's layout. Internal node i sends a row to <see cref="LeftChild"/>[i] when
/// x[<see cref="SplitFeatures"/>[i]] ≤ <see cref="Thresholds"/>[i] and to <see cref="RightChild"/>[i] otherwise,
/// so a missing value (NaN) goes right; a child c ≥ 0 is internal node c, a child c &lt; 0 is leaf ~c. The root
/// is internal node 0, or leaf 0 when the tree has no split.
/// </summary>
public sealed record DecisionTree(int[] SplitFeatures, float[] Thresholds, int[] LeftChild, int[] RightChild, double[] LeafValues)
{
    public int InternalNodes => SplitFeatures.Length;

    public int Leaves => LeafValues.Length;

    /// <summary>A tree without splits: every row gets <paramref name="value"/>.</summary>
    public static DecisionTree Constant(double value) => new([], [], [], [], [value]);

    /// <summary>Throws <see cref="OnnxExportException"/> unless this is a well-formed binary tree over features 0..width-1.</summary>
    public void Validate(int width, int treeIndex)
    {
        string where = $"tree {treeIndex}";
        int k = InternalNodes;
        if (Thresholds.Length != k || LeftChild.Length != k || RightChild.Length != k)
        {
            throw new OnnxExportException($"{where}: split features, thresholds and children must have one entry per internal node ({k})");
        }

        if (Leaves != k + 1)
        {
            throw new OnnxExportException($"{where}: a binary tree with {k} internal nodes has {k + 1} leaves, not {Leaves}");
        }

        var internalParents = new int[k];
        var leafParents = new int[Leaves];
        for (int i = 0; i < k; i++)
        {
            if (SplitFeatures[i] < 0 || SplitFeatures[i] >= width)
            {
                throw new OnnxExportException($"{where}, node {i}: splits on feature {SplitFeatures[i]}, but the model has {width} features");
            }

            if (float.IsNaN(Thresholds[i]))
            {
                throw new OnnxExportException($"{where}, node {i}: the threshold is NaN");
            }

            foreach (int child in (int[])[LeftChild[i], RightChild[i]])
            {
                if (child >= 0 ? child == 0 || child >= k : ~child >= Leaves)
                {
                    throw new OnnxExportException($"{where}, node {i}: child {child} is outside the tree");
                }

                if (child >= 0)
                {
                    internalParents[child]++;
                }
                else
                {
                    leafParents[~child]++;
                }
            }
        }

        // The root (internal node 0, or the single leaf of a tree without splits) has no parent; every other node has one.
        if (internalParents.Skip(1).Any(p => p != 1) || (k > 0 && leafParents.Any(p => p != 1)))
        {
            throw new OnnxExportException($"{where}: some node has no parent or several; the children do not form a tree");
        }

        if (LeafValues.Any(v => !double.IsFinite(v)))
        {
            throw new OnnxExportException($"{where}: a leaf value is not finite");
        }
    }
}
