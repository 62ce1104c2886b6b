namespace MatchModels.Core.Features.Esco;

/// <summary>
/// How much an ESCO concept says about a participant, learned from the training participants' concept vectors:
/// idf(c) = ln((1 + N) / (1 + df(c))) + 1, the smoothed IDF of <see cref="TfIdfVocabulary"/>, so that a concept nearly
/// everyone's text touches (the common words of a programme's texts) weighs little. Concepts no training text held
/// take the weight of df = 0. Saved with the model by ESCO id.
/// </summary>
public sealed record ConceptWeights(int Documents, IReadOnlyDictionary<string, double> Idf)
{
    public static ConceptWeights Fit(IEnumerable<SparseVector> documents, SkillConcepts concepts)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        var df = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int n = 0;
        foreach (SparseVector d in documents)
        {
            n++;
            foreach (int c in d.Indices)
            {
                string id = concepts.Ids[c];
                df[id] = df.GetValueOrDefault(id) + 1;
            }
        }

        return new ConceptWeights(n, df.ToDictionary(kv => kv.Key, kv => Smoothed(n, kv.Value), StringComparer.Ordinal));
    }

    /// <summary><paramref name="concepts"/> reweighted by IDF and L2-normalised.</summary>
    public SparseVector Apply(SparseVector concepts, SkillConcepts space)
    {
        ArgumentNullException.ThrowIfNull(space);
        double unseen = Smoothed(Documents, 0);
        var weights = new double[concepts.Weights.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = concepts.Weights[i] * (Idf.TryGetValue(space.Ids[concepts.Indices[i]], out double idf) ? idf : unseen);
        }

        var weighted = new SparseVector(concepts.Indices, weights);
        double norm = weighted.Norm();
        if (norm > 0)
        {
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] /= norm;
            }
        }

        return weighted;
    }

    private static double Smoothed(int n, int df) => Math.Log((1.0 + n) / (1.0 + df)) + 1.0;
}
