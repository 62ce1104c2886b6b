namespace MatchModels.Core.Features;

/// <summary>
/// A vocabulary with inverse document frequencies, fitted on training documents only and saved with the model.
/// idf(t) = ln((1 + N) / (1 + df(t))) + 1 (the smoothed form scikit-learn uses), weights tf·idf, L2-normalised,
/// so the cosine of two documents is the dot product of their vectors.
/// </summary>
public sealed class TfIdfVocabulary
{
    private Dictionary<string, int>? _index;

    public TfIdfVocabulary(IReadOnlyList<string> terms, IReadOnlyList<double> idf)
    {
        if (terms.Count != idf.Count)
        {
            throw new ArgumentException($"{terms.Count} terms but {idf.Count} idf values");
        }

        Terms = terms;
        Idf = idf;
    }

    public IReadOnlyList<string> Terms { get; }

    public IReadOnlyList<double> Idf { get; }

    /// <summary>Terms seen in fewer documents than this are left out: they cannot generalise.</summary>
    public const int MinDocumentFrequency = 2;

    public static TfIdfVocabulary Fit(IEnumerable<string> documents)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        int n = 0;
        foreach (string doc in documents)
        {
            n++;
            foreach (string term in TextNormalisation.Terms(doc).Distinct())
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }

        string[] terms = df.Where(kv => kv.Value >= MinDocumentFrequency).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        double[] idf = terms.Select(t => Math.Log((1.0 + n) / (1.0 + df[t])) + 1.0).ToArray();
        return new TfIdfVocabulary(terms, idf);
    }

    /// <summary>The L2-normalised tf-idf vector of a document, as (term index, weight) sorted by index.</summary>
    public SparseVector Vectorise(string text) => Vectorise(TextNormalisation.Terms(text));

    /// <summary>The vector of a document already split into <see cref="TextNormalisation.Terms"/>.</summary>
    public SparseVector Vectorise(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _index ??= Terms.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var found = new int[terms.Count];
        int m = 0;
        foreach (string term in terms)
        {
            if (_index.TryGetValue(term, out int i))
            {
                found[m++] = i;
            }
        }

        // Sorted, a term's repeats sit side by side: each run is one index and its count.
        Array.Sort(found, 0, m);
        int distinct = 0;
        for (int j = 0; j < m; j++)
        {
            if (j == 0 || found[j] != found[j - 1])
            {
                distinct++;
            }
        }

        var indices = new int[distinct];
        var weights = new double[distinct];
        int k = -1;
        for (int j = 0; j < m; j++)
        {
            if (j == 0 || found[j] != found[j - 1])
            {
                indices[++k] = found[j];
            }

            weights[k]++;
        }

        double norm = 0;
        for (int j = 0; j < distinct; j++)
        {
            weights[j] *= Idf[indices[j]];
            norm += weights[j] * weights[j];
        }

        norm = Math.Sqrt(norm);
        for (int j = 0; j < weights.Length && norm > 0; j++)
        {
            weights[j] /= norm;
        }

        return new SparseVector(indices, weights);
    }
}

/// <summary>A sparse vector with strictly increasing indices.</summary>
public readonly record struct SparseVector(int[] Indices, double[] Weights)
{
    /// <summary>
    /// The weighted share of this vector's terms that <paramref name="other"/> also has: Σ w_t·[t ∈ other] / Σ w_t.
    /// Asymmetric on purpose: how much of what one side asks for the other side covers. 0 for an empty vector.
    /// </summary>
    public double CoveredBy(SparseVector other)
    {
        double covered = 0, total = 0;
        int b = 0;
        for (int a = 0; a < Indices.Length; a++)
        {
            total += Weights[a];
            while (b < other.Indices.Length && other.Indices[b] < Indices[a])
            {
                b++;
            }

            if (b < other.Indices.Length && other.Indices[b] == Indices[a])
            {
                covered += Weights[a];
            }
        }

        return total > 0 ? covered / total : 0;
    }

    /// <summary>The Euclidean length of the weights.</summary>
    public double Norm()
    {
        double sum = 0;
        foreach (double w in Weights)
        {
            sum += w * w;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>The cosine of the two vectors; 0 when either is empty.</summary>
    public double Cosine(SparseVector other)
    {
        double norms = Norm() * other.Norm();
        return norms > 0 ? Dot(other) / norms : 0;
    }

    public double Dot(SparseVector other)
    {
        double sum = 0;
        int a = 0, b = 0;
        while (a < Indices.Length && b < other.Indices.Length)
        {
            int ia = Indices[a], ib = other.Indices[b];
            if (ia == ib)
            {
                sum += Weights[a++] * other.Weights[b++];
            }
            else if (ia < ib)
            {
                a++;
            }
            else
            {
                b++;
            }
        }

        return sum;
    }
}
