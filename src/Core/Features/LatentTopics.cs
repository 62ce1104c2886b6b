using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace MatchModels.Core.Features;

/// <summary>
/// Latent semantic analysis of the goals texts (Deerwester et al. 1990): the top eigenvectors of the term–term
/// matrix Σ_d v_d v_dᵀ of the training documents' tf-idf vectors span the directions in which terms co-occur, so
/// two texts about the same theme in different words ("speaking on stage", "presentation skills") land close
/// together. Fitted on training documents only and saved with the model as plain numbers.
/// </summary>
public sealed class LatentTopics
{
    /// <summary>
    /// Dimensions kept (also the number of <see cref="GoalThemes"/>). Chosen on the validation folds of a tuning
    /// history's training cohorts, never on a reported test set (docs/adr/0011-esco-vocabulary.md): 12 gave a
    /// cross-validated AUC of 0.7884, 16 gave 0.7910 and 24 gave 0.7911; the smaller of the two equal ones is kept.
    /// </summary>
    public const int DefaultDimensions = 16;

    /// <summary>Only the most frequent terms enter the decomposition, which keeps it to a dense eigenproblem of at most this size.</summary>
    public const int MaxTerms = 1500;

    // Flat copies for the per-participant hot path: the term indices and the weights term by term (k per term).
    private readonly int[] _terms;
    private readonly double[] _byTerm;

    public LatentTopics(IReadOnlyList<int> termIndices, IReadOnlyList<double[]> components)
    {
        TermIndices = termIndices;
        Components = components;
        if (components.Any(c => c.Length != termIndices.Count))
        {
            throw new ArgumentException("every component needs one weight per term");
        }

        int k = components.Count;
        _terms = [.. termIndices];
        _byTerm = new double[_terms.Length * k];
        for (int c = 0; c < k; c++)
        {
            for (int p = 0; p < _terms.Length; p++)
            {
                _byTerm[(p * k) + c] = components[c][p];
            }
        }
    }

    /// <summary>Vocabulary indices of the terms the components weigh, in component order.</summary>
    public IReadOnlyList<int> TermIndices { get; }

    /// <summary>One array per dimension, of one weight per term of <see cref="TermIndices"/>.</summary>
    public IReadOnlyList<double[]> Components { get; }

    public static LatentTopics None { get; } = new([], []);

    public static LatentTopics Fit(IReadOnlyList<SparseVector> documents, int vocabularySize, int dimensions = DefaultDimensions)
    {
        var frequency = new int[vocabularySize];
        foreach (SparseVector d in documents)
        {
            foreach (int t in d.Indices)
            {
                frequency[t]++;
            }
        }

        int[] kept = Enumerable.Range(0, vocabularySize)
            .Where(t => frequency[t] > 0)
            .OrderByDescending(t => frequency[t]).ThenBy(t => t)
            .Take(MaxTerms)
            .Order()
            .ToArray();
        int n = kept.Length;
        int k = Math.Min(dimensions, n);
        if (k == 0)
        {
            return None;
        }

        var position = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++)
        {
            position[kept[i]] = i;
        }

        var gram = new double[n, n];
        var local = new List<(int Pos, double Weight)>();
        foreach (SparseVector d in documents)
        {
            local.Clear();
            for (int j = 0; j < d.Indices.Length; j++)
            {
                if (position.TryGetValue(d.Indices[j], out int p))
                {
                    local.Add((p, d.Weights[j]));
                }
            }

            foreach ((int a, double wa) in local)
            {
                foreach ((int b, double wb) in local)
                {
                    gram[a, b] += wa * wb;
                }
            }
        }

        Evd<double> evd = Matrix<double>.Build.DenseOfArray(gram).Evd(Symmetricity.Symmetric);

        // Eigenvalues come in ascending order: the last k are the strongest themes. Fix each vector's sign
        // (largest weight positive) so the saved numbers do not depend on the solver's arbitrary choice.
        var components = new List<double[]>(k);
        for (int c = n - 1; c >= n - k; c--)
        {
            double[] v = evd.EigenVectors.Column(c).ToArray();
            int largest = 0;
            for (int i = 1; i < n; i++)
            {
                if (Math.Abs(v[i]) > Math.Abs(v[largest]))
                {
                    largest = i;
                }
            }

            if (v[largest] < 0)
            {
                for (int i = 0; i < n; i++)
                {
                    v[i] = -v[i];
                }
            }

            components.Add(v);
        }

        return new LatentTopics(kept, components);
    }

    /// <summary>The cosine of two documents' projections onto the latent themes; 0 when either projects to nothing.</summary>
    public double Similarity(SparseVector a, SparseVector b) => Components.Count == 0 ? 0 : Cosine(Project(a), Project(b));

    /// <summary>The cosine of two projections made by <see cref="Project"/>; 0 when either is all zeros.</summary>
    public static double Cosine(ReadOnlySpan<double> pa, ReadOnlySpan<double> pb)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < pa.Length; i++)
        {
            dot += pa[i] * pb[i];
            na += pa[i] * pa[i];
            nb += pb[i] * pb[i];
        }

        return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : 0;
    }

    /// <summary>A document's coordinates on the latent themes (one per component): computed once per participant when scoring many pairs.</summary>
    public double[] Project(SparseVector v)
    {
        int k = Components.Count;
        var result = new double[k];
        int p = 0;
        for (int j = 0; j < v.Indices.Length; j++)
        {
            int term = v.Indices[j];
            while (p < _terms.Length && _terms[p] < term)
            {
                p++;
            }

            if (p < _terms.Length && _terms[p] == term)
            {
                double x = v.Weights[j];
                ReadOnlySpan<double> weights = _byTerm.AsSpan(p * k, k);
                for (int c = 0; c < k; c++)
                {
                    result[c] += weights[c] * x;
                }
            }
        }

        return result;
    }
}
