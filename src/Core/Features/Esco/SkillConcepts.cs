namespace MatchModels.Core.Features.Esco;

/// <summary>
/// Reads a text as ESCO skill concepts: explicit semantic analysis (Gabrilovich and Markovitch 2007) with ESCO's
/// skills as the concept space, in its cross-language form (Sorg and Cimiano 2008): each concept is the document of
/// all its French and English labels, French terms mapped onto English by <see cref="EscoTranslations"/>, weighted
/// (1 + ln tf)·ln(N / df) and L2-normalised; a text's concept vector is the sum, over its terms, of the term's weight
/// in the text times its weight in each concept, of which the <see cref="TopConcepts"/> strongest are kept. Two texts
/// about one skill in different words or languages then meet on the concepts whose labels hold either wording.
/// </summary>
public sealed class SkillConcepts
{
    /// <summary>
    /// Concepts kept per text. A goals text names a handful of skills, each spread by ESA over the few concepts whose
    /// labels share its words; past a few dozen the tail is concepts that share one common word.
    /// </summary>
    public const int TopConcepts = 20;

    /// <summary>Concepts a term can point to: five times <see cref="TopConcepts"/>, so a text of one common word still fills its top.</summary>
    public const int MaxConceptsPerTerm = 5 * TopConcepts;

    private static readonly Lazy<SkillConcepts> s_esco = new(() => new SkillConcepts(EscoSkills.All));

    private readonly Dictionary<string, int> _termIndex = new(StringComparer.Ordinal);
    private readonly double[] _termIdf;
    private readonly int[] _postingStart;
    private readonly int[] _postingConcept;
    private readonly float[] _postingWeight;
    private readonly int[][] _broader;

    [ThreadStatic]
    private static double[]? s_score;

    [ThreadStatic]
    private static List<int>? s_touched;

    public SkillConcepts(IReadOnlyList<EscoSkill> skills)
    {
        ArgumentNullException.ThrowIfNull(skills);
        Ids = skills.Select(s => s.Id).ToArray();
        var conceptOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Ids.Count; i++)
        {
            conceptOf[Ids[i]] = i;
        }

        _broader = skills.Select(s => s.Broader.Where(conceptOf.ContainsKey).Select(b => conceptOf[b]).ToArray()).ToArray();

        // Term frequencies per concept over all its labels, in both languages.
        var documents = new List<Dictionary<int, int>>(skills.Count);
        var df = new List<int>();
        foreach (EscoSkill skill in skills)
        {
            var tf = new Dictionary<int, int>();
            foreach (string label in skill.English.Concat(skill.French))
            {
                foreach (string term in TextNormalisation.Terms(label))
                {
                    if (!_termIndex.TryGetValue(term, out int t))
                    {
                        t = _termIndex[term] = _termIndex.Count;
                        df.Add(0);
                    }

                    tf[t] = tf.GetValueOrDefault(t) + 1;
                }
            }

            foreach (int t in tf.Keys)
            {
                df[t]++;
            }

            documents.Add(tf);
        }

        int n = skills.Count;
        _termIdf = df.Select(d => Math.Log((double)n / d)).ToArray();

        // Postings grouped by term (a CSR layout): term t's concepts are _postingConcept[_postingStart[t].._postingStart[t + 1]].
        var postings = new List<(int Term, int Concept, float Weight)>();
        for (int c = 0; c < documents.Count; c++)
        {
            double norm = Math.Sqrt(documents[c].Sum(kv => Sq(Weight(kv.Value, _termIdf[kv.Key]))));
            if (norm == 0)
            {
                continue;
            }

            foreach ((int t, int count) in documents[c])
            {
                // A term in every concept has no weight: leaving it out keeps every posting positive.
                if (_termIdf[t] > 0)
                {
                    postings.Add((t, c, (float)(Weight(count, _termIdf[t]) / norm)));
                }
            }
        }

        // Each term keeps only its MaxConceptsPerTerm strongest concepts (the inverted-index pruning ESA uses): a term
        // in thousands of labels ("manage") would otherwise touch thousands of concepts per text for weights that
        // never reach a text's strongest few.
        postings = postings
            .GroupBy(p => p.Term)
            .SelectMany(g => g.OrderByDescending(p => p.Weight).ThenBy(p => p.Concept).Take(MaxConceptsPerTerm))
            .ToList();
        postings.Sort((a, b) => a.Term != b.Term ? a.Term.CompareTo(b.Term) : a.Concept.CompareTo(b.Concept));
        _postingStart = new int[_termIndex.Count + 1];
        _postingConcept = new int[postings.Count];
        _postingWeight = new float[postings.Count];
        for (int i = 0; i < postings.Count; i++)
        {
            _postingStart[postings[i].Term + 1]++;
            _postingConcept[i] = postings[i].Concept;
            _postingWeight[i] = postings[i].Weight;
        }

        for (int t = 0; t < _termIndex.Count; t++)
        {
            _postingStart[t + 1] += _postingStart[t];
        }
    }

    /// <summary>The concept space of the embedded ESCO skills, built once.</summary>
    public static SkillConcepts Esco => s_esco.Value;

    /// <summary>Concept ids (ESCO URI UUIDs) by index.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>
    /// The concept vector of <paramref name="text"/>: the <see cref="TopConcepts"/> strongest concepts as (index, weight)
    /// sorted by index, weights before any normalisation; empty when no term of the text is in a label.
    /// </summary>
    public SparseVector Read(string text) => Read(TextNormalisation.Terms(text));

    /// <summary>The concept vector of a text already split into <see cref="TextNormalisation.Terms"/>.</summary>
    public SparseVector Read(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var termCounts = new Dictionary<int, int>(terms.Count);
        foreach (string term in terms)
        {
            if (_termIndex.TryGetValue(term, out int t))
            {
                termCounts[t] = termCounts.GetValueOrDefault(t) + 1;
            }
        }

        // A dense accumulator per thread: a text touches a few hundred of the 13,485 concepts, and only those are reset.
        double[] score = s_score ??= new double[Ids.Count];
        List<int> touched = s_touched ??= [];
        if (score.Length < Ids.Count)
        {
            score = s_score = new double[Ids.Count];
        }

        touched.Clear();
        foreach ((int t, int count) in termCounts)
        {
            double w = Weight(count, _termIdf[t]);
            for (int p = _postingStart[t]; p < _postingStart[t + 1]; p++)
            {
                int c = _postingConcept[p];
                if (score[c] == 0)
                {
                    touched.Add(c);
                }

                score[c] += w * _postingWeight[p];
            }
        }

        // The strongest TopConcepts, ties to the lower index so that the cut is deterministic: a small array kept in
        // order, strongest first; most concepts fail the comparison with its last entry and cost one test.
        var topIndex = new int[Math.Min(TopConcepts, touched.Count)];
        var topScore = new double[topIndex.Length];
        int filled = 0;
        foreach (int c in touched)
        {
            double v = score[c];
            if (filled == topIndex.Length && !Stronger(v, c, topScore[filled - 1], topIndex[filled - 1]))
            {
                continue;
            }

            int at = filled < topIndex.Length ? filled++ : filled - 1;
            while (at > 0 && Stronger(v, c, topScore[at - 1], topIndex[at - 1]))
            {
                topScore[at] = topScore[at - 1];
                topIndex[at] = topIndex[at - 1];
                at--;
            }

            topScore[at] = v;
            topIndex[at] = c;
        }

        int[] indices = topIndex[..filled];
        Array.Sort(indices);
        var weights = new double[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            weights[i] = score[indices[i]];
        }

        foreach (int c in touched)
        {
            score[c] = 0;
        }

        return new SparseVector(indices, weights);
    }

    /// <summary>
    /// <paramref name="concepts"/> lifted one level up ESCO's hierarchy: each concept's weight goes to its broader
    /// skills, or stays on the concept when it has none, so that sibling skills ("negotiate contracts", "negotiate
    /// with suppliers") meet on their parent.
    /// </summary>
    public SparseVector Broader(SparseVector concepts)
    {
        var lifted = new Dictionary<int, double>(concepts.Indices.Length * 2);
        for (int i = 0; i < concepts.Indices.Length; i++)
        {
            int c = concepts.Indices[i];
            int[] parents = _broader[c];
            if (parents.Length == 0)
            {
                lifted[c] = lifted.GetValueOrDefault(c) + concepts.Weights[i];
                continue;
            }

            foreach (int parent in parents)
            {
                lifted[parent] = lifted.GetValueOrDefault(parent) + (concepts.Weights[i] / parents.Length);
            }
        }

        int[] indices = [.. lifted.Keys];
        Array.Sort(indices);
        return new SparseVector(indices, indices.Select(c => lifted[c]).ToArray());
    }

    private static bool Stronger(double score, int concept, double otherScore, int otherConcept) =>
        score > otherScore || (score == otherScore && concept < otherConcept);

    private static double Weight(int count, double idf) => (1 + Math.Log(count)) * idf;

    private static double Sq(double x) => x * x;
}
