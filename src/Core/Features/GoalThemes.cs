using MatchModels.Core.History;
using MathNet.Numerics.LinearAlgebra;

namespace MatchModels.Core.Features;

/// <summary>
/// The themes participants write about, found by non-negative matrix factorisation of the training documents'
/// tf-idf vectors: X ≈ W·H with W, H ≥ 0 (Lee &amp; Seung 2001, multiplicative updates), started from the latent
/// (LSA) components as NNDSVD does (Boutsidis &amp; Gallopoulos 2008), so the fit is deterministic. Unlike LSA's
/// signed components, a theme is a non-negative weighting of terms and a document's loadings say how much of each
/// theme it holds, which lets <see cref="Coverage"/> ask the question goals affinity asks: how many of the
/// mentee's themes does the mentor also write about? Fitted on training documents only and saved with the model.
/// </summary>
public sealed class GoalThemes
{
    /// <summary>Multiplicative updates of the fit: from the NNDSVD start the coverage signal stops improving well before this.</summary>
    public const int FitIterations = 60;

    /// <summary>
    /// Multiplicative steps that refine a document's clipped least-squares loadings towards the non-negative optimum:
    /// with one step, the coverage feature is as informative as after ten steps from x Hᵀ, at a third of the cost.
    /// </summary>
    public const int ProjectionRefinements = 1;

    /// <summary>
    /// A theme that one role writes about this many times less than the other (in mean loading) is that role's
    /// boilerplate (how often they can meet, a word of thanks), not something a pair can share. Checked on the
    /// validation folds of a tuning history's training cohorts (docs/adr/0011-esco-vocabulary.md): without the
    /// filter the cross-validated AUC fell from 0.7910 to 0.7875.
    /// </summary>
    public const double MinRoleBalance = 0.25;

    /// <summary>A document holds a theme fully when its loading reaches this share of the document's strongest theme; less, in proportion.</summary>
    public const double PresenceShare = 0.5;

    /// <summary>Ridge added to the themes' Gram matrix before inverting it (relative to its mean diagonal), so that two near-identical themes cannot blow it up.</summary>
    private const double GramRidge = 1e-9;

    /// <summary>Added to the zeros of the start (relative to the mean entry of X): multiplicative updates cannot move a zero.</summary>
    private const double StartFloor = 0.01;

    private const double Tiny = 1e-12;

    // Flat copies of the themes for the per-participant hot path: weights term by term (k per term), the themes'
    // Gram matrix H Hᵀ and its inverse row by row, and the matchable flags; arrays rather than interface lists so
    // that scoring a large history stays within the feature-building budget.
    private readonly int[] _terms;
    private readonly double[] _byTerm;
    private readonly double[] _gram;
    private readonly double[] _inverse;
    private readonly bool[] _matchable;

    public GoalThemes(IReadOnlyList<int> termIndices, IReadOnlyList<double[]> themes, IReadOnlyList<bool> matchable)
    {
        if (themes.Any(t => t.Length != termIndices.Count))
        {
            throw new ArgumentException("every theme needs one weight per term");
        }

        if (matchable.Count != themes.Count)
        {
            throw new ArgumentException($"{themes.Count} themes but {matchable.Count} matchable flags");
        }

        TermIndices = termIndices;
        Themes = themes;
        Matchable = matchable;
        int k = themes.Count;
        _terms = [.. termIndices];
        _matchable = [.. matchable];
        _byTerm = new double[_terms.Length * k];
        for (int c = 0; c < k; c++)
        {
            for (int p = 0; p < _terms.Length; p++)
            {
                _byTerm[(p * k) + c] = themes[c][p];
            }
        }

        double[,] gram = Gram(themes);
        _gram = Flat(gram);
        double ridge = k == 0 ? 0 : GramRidge * Enumerable.Range(0, k).Average(c => gram[c, c]);
        for (int c = 0; c < k; c++)
        {
            gram[c, c] += ridge;
        }

        _inverse = k == 0 ? [] : Flat(Matrix<double>.Build.DenseOfArray(gram).Inverse().ToArray());
    }

    private static double[] Flat(double[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var flat = new double[rows * cols];
        for (int a = 0; a < rows; a++)
        {
            for (int b = 0; b < cols; b++)
            {
                flat[(a * cols) + b] = m[a, b];
            }
        }

        return flat;
    }

    /// <summary>Vocabulary indices of the terms the themes weigh, in increasing order.</summary>
    public IReadOnlyList<int> TermIndices { get; }

    /// <summary>One array per theme, of one non-negative weight per term of <see cref="TermIndices"/>; unit length.</summary>
    public IReadOnlyList<double[]> Themes { get; }

    /// <summary>Per theme: whether both roles write about it (see <see cref="MinRoleBalance"/>); only these count in <see cref="Coverage"/>.</summary>
    public IReadOnlyList<bool> Matchable { get; }

    public static GoalThemes None { get; } = new([], [], []);

    /// <summary>
    /// Fits as many themes as <paramref name="start"/> has components, over its terms. <paramref name="documents"/> are
    /// tf-idf vectors, one per participant, with the participant's role.
    /// </summary>
    public static GoalThemes Fit(IReadOnlyList<(SparseVector Document, Role Role)> documents, LatentTopics start)
    {
        int k = start.Components.Count;
        if (k == 0 || documents.Count == 0)
        {
            return None;
        }

        var fit = new Factorisation(documents.Select(d => d.Document).ToList(), start);
        for (int it = 0; it < FitIterations; it++)
        {
            fit.UpdateLoadings();
            fit.UpdateThemes();
        }

        double[][] h = fit.UnitThemes();
        var all = new GoalThemes(start.TermIndices, h, Enumerable.Repeat(true, k).ToArray());
        return new GoalThemes(start.TermIndices, h, BothRolesWrite(documents, all));
    }

    /// <summary>
    /// The document's loading on each theme: the least-squares w of x ≈ w·H, negatives set to zero, then
    /// <see cref="ProjectionRefinements"/> multiplicative steps w ← w ∘ (x Hᵀ) / (w H Hᵀ). Zeros when it shares no term.
    /// </summary>
    public double[] Loadings(SparseVector document)
    {
        int k = _matchable.Length;
        var w = new double[k];
        if (k == 0)
        {
            return w;
        }

        Span<double> xh = k <= 64 ? stackalloc double[k] : new double[k];
        xh.Clear();
        int p = 0;
        for (int j = 0; j < document.Indices.Length; j++)
        {
            int term = document.Indices[j];
            while (p < _terms.Length && _terms[p] < term)
            {
                p++;
            }

            if (p < _terms.Length && _terms[p] == term)
            {
                double x = document.Weights[j];
                ReadOnlySpan<double> weights = _byTerm.AsSpan(p * k, k);
                for (int c = 0; c < k; c++)
                {
                    xh[c] += weights[c] * x;
                }
            }
        }

        for (int c = 0; c < k; c++)
        {
            w[c] = Math.Max(0, Dot(_inverse.AsSpan(c * k, k), xh));
        }

        for (int it = 0; it < ProjectionRefinements; it++)
        {
            for (int c = 0; c < k; c++)
            {
                // H Hᵀ is symmetric: its row c is its column c.
                w[c] *= xh[c] / (Dot(w, _gram.AsSpan(c * k, k)) + Tiny);
            }
        }

        return w;
    }

    /// <summary>A dot product with four running sums: the same order on every machine, unlike hardware-width SIMD.</summary>
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }

        for (; i < a.Length; i++)
        {
            s0 += a[i] * b[i];
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>
    /// The share of the wanting side's matchable themes that the offering side also holds: Σ_c q_c(wants)·q_c(offers) / Σ_c q_c(wants),
    /// where q_c = min(1, loading_c / (<see cref="PresenceShare"/> · the document's largest matchable loading)) is how
    /// fully a document holds theme c. Asymmetric like goals coverage; 0 when the wanting side holds no theme.
    /// </summary>
    public double Coverage(double[] wants, double[] offers)
    {
        double maxWants = MaxMatchable(wants), maxOffers = MaxMatchable(offers);
        if (maxWants <= 0 || maxOffers <= 0)
        {
            return 0;
        }

        double shared = 0, total = 0;
        for (int c = 0; c < _matchable.Length; c++)
        {
            if (_matchable[c])
            {
                double a = Math.Min(1, wants[c] / (PresenceShare * maxWants));
                double b = Math.Min(1, offers[c] / (PresenceShare * maxOffers));
                shared += a * b;
                total += a;
            }
        }

        return total > 0 ? shared / total : 0;
    }

    private double MaxMatchable(double[] loadings)
    {
        double max = 0;
        for (int c = 0; c < _matchable.Length; c++)
        {
            if (_matchable[c])
            {
                max = Math.Max(max, loadings[c]);
            }
        }

        return max;
    }

    private static bool[] BothRolesWrite(IReadOnlyList<(SparseVector Document, Role Role)> documents, GoalThemes themes)
    {
        int k = themes.Themes.Count;
        var sums = new double[2, k];
        var counts = new int[2];
        foreach ((SparseVector doc, Role role) in documents)
        {
            int r = role == Role.Mentor ? 1 : 0;
            counts[r]++;
            double[] w = themes.Loadings(doc);
            for (int c = 0; c < k; c++)
            {
                sums[r, c] += w[c];
            }
        }

        var matchable = new bool[k];
        for (int c = 0; c < k; c++)
        {
            double mentee = counts[0] > 0 ? sums[0, c] / counts[0] : 0, mentor = counts[1] > 0 ? sums[1, c] / counts[1] : 0;
            double larger = Math.Max(mentee, mentor);
            matchable[c] = larger > 0 && Math.Min(mentee, mentor) >= MinRoleBalance * larger;
        }

        return matchable;
    }

    /// <summary>
    /// The factorisation while it is fitted, in flat arrays: documents in compressed rows over the theme terms, the
    /// loadings W document by document and the themes H term by term (k numbers each), so that every inner loop
    /// runs over consecutive numbers.
    /// </summary>
    private sealed class Factorisation
    {
        private readonly int _k, _n, _m;
        private readonly int[] _rowStart;
        private readonly int[] _pos;
        private readonly double[] _x;
        private readonly double[] _w;
        private readonly double[] _h;

        public Factorisation(IReadOnlyList<SparseVector> documents, LatentTopics start)
        {
            _k = start.Components.Count;
            _n = start.TermIndices.Count;
            _m = documents.Count;
            var pos = new List<int>();
            var x = new List<double>();
            _rowStart = new int[_m + 1];
            for (int d = 0; d < _m; d++)
            {
                SparseVector v = documents[d];
                int p = 0;
                for (int j = 0; j < v.Indices.Length; j++)
                {
                    while (p < _n && start.TermIndices[p] < v.Indices[j])
                    {
                        p++;
                    }

                    if (p < _n && start.TermIndices[p] == v.Indices[j])
                    {
                        pos.Add(p);
                        x.Add(v.Weights[j]);
                    }
                }

                _rowStart[d + 1] = pos.Count;
            }

            _pos = [.. pos];
            _x = [.. x];
            _w = new double[_m * _k];
            _h = new double[_n * _k];
            NndsvdStart(start);
        }

        /// <summary>
        /// NNDSVD: each LSA component v with document scores u = Xv/σ, σ = ‖Xv‖, is split into its positive and negative
        /// parts; the pair (u±, v±) with the larger ‖u±‖·‖v±‖ = m starts theme c as √(σm)·v±/‖v±‖ and its loadings as √(σm)·u±/‖u±‖.
        /// </summary>
        private void NndsvdStart(LatentTopics start)
        {
            double floor = StartFloor * _x.Sum() / ((double)_m * _n);
            var u = new double[_m];
            for (int c = 0; c < _k; c++)
            {
                double[] v = start.Components[c];
                for (int d = 0; d < _m; d++)
                {
                    double sum = 0;
                    for (int j = _rowStart[d]; j < _rowStart[d + 1]; j++)
                    {
                        sum += _x[j] * v[_pos[j]];
                    }

                    u[d] = sum;
                }

                (double vPos, double vNeg) = PartNorms(v);
                (double uPos, double uNeg) = PartNorms(u);
                bool positive = vPos * uPos >= vNeg * uNeg;
                double sign = positive ? 1 : -1;
                double vNorm = positive ? vPos : vNeg, uNorm = positive ? uPos : uNeg;

                // u here is Xv, not yet divided by σ, so σ·m = ‖v±‖·‖(Xv)±‖.
                double scale = Math.Sqrt(vNorm * uNorm);
                for (int t = 0; t < _n; t++)
                {
                    double part = Math.Max(sign * v[t], 0);
                    _h[(t * _k) + c] = part > 0 && vNorm > 0 ? scale * part / vNorm : floor;
                }

                for (int d = 0; d < _m; d++)
                {
                    double part = Math.Max(sign * u[d], 0);
                    _w[(d * _k) + c] = part > 0 && uNorm > 0 ? scale * part / uNorm : floor;
                }
            }
        }

        /// <summary>W ← W ∘ (X Hᵀ) / (W H Hᵀ).</summary>
        public void UpdateLoadings()
        {
            int k = _k;
            double[] gram = ProductOfRows(_h, _n, k);
            Span<double> xh = new double[k];
            for (int d = 0; d < _m; d++)
            {
                xh.Clear();
                for (int j = _rowStart[d]; j < _rowStart[d + 1]; j++)
                {
                    double x = _x[j];
                    ReadOnlySpan<double> theme = _h.AsSpan(_pos[j] * k, k);
                    for (int c = 0; c < k; c++)
                    {
                        xh[c] += x * theme[c];
                    }
                }

                Span<double> row = _w.AsSpan(d * k, k);
                for (int c = 0; c < k; c++)
                {
                    row[c] *= xh[c] / (Dot(row, gram.AsSpan(c * k, k)) + Tiny);
                }
            }
        }

        /// <summary>H ← H ∘ (Wᵀ X) / (Wᵀ W H).</summary>
        public void UpdateThemes()
        {
            int k = _k;
            var wx = new double[_n * k];
            for (int d = 0; d < _m; d++)
            {
                ReadOnlySpan<double> row = _w.AsSpan(d * k, k);
                for (int j = _rowStart[d]; j < _rowStart[d + 1]; j++)
                {
                    double x = _x[j];
                    Span<double> target = wx.AsSpan(_pos[j] * k, k);
                    for (int c = 0; c < k; c++)
                    {
                        target[c] += row[c] * x;
                    }
                }
            }

            double[] ww = ProductOfRows(_w, _m, k);
            Span<double> fitted = new double[k];
            for (int t = 0; t < _n; t++)
            {
                Span<double> theme = _h.AsSpan(t * k, k);
                for (int c = 0; c < k; c++)
                {
                    fitted[c] = Dot(ww.AsSpan(c * k, k), theme);
                }

                for (int c = 0; c < k; c++)
                {
                    theme[c] *= wx[(t * k) + c] / (fitted[c] + Tiny);
                }
            }
        }

        /// <summary>The fitted themes, one array of term weights each, scaled to unit length.</summary>
        public double[][] UnitThemes()
        {
            var themes = new double[_k][];
            for (int c = 0; c < _k; c++)
            {
                themes[c] = new double[_n];
                for (int t = 0; t < _n; t++)
                {
                    themes[c][t] = _h[(t * _k) + c];
                }

                double norm = Math.Sqrt(themes[c].Sum(x => x * x));
                for (int t = 0; t < _n && norm > 0; t++)
                {
                    themes[c][t] /= norm;
                }
            }

            return themes;
        }

        /// <summary>Aᵀ A for A stored as <paramref name="rows"/> rows of <paramref name="k"/> numbers: a k×k matrix, row by row.</summary>
        private static double[] ProductOfRows(double[] a, int rows, int k)
        {
            var product = new double[k * k];
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<double> row = a.AsSpan(r * k, k);
                for (int i = 0; i < k; i++)
                {
                    double ri = row[i];
                    Span<double> target = product.AsSpan(i * k, k);
                    for (int j = i; j < k; j++)
                    {
                        target[j] += ri * row[j];
                    }
                }
            }

            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    product[(i * k) + j] = product[(j * k) + i];
                }
            }

            return product;
        }

        private static (double Positive, double Negative) PartNorms(double[] x)
        {
            double pos = 0, neg = 0;
            foreach (double v in x)
            {
                if (v > 0)
                {
                    pos += v * v;
                }
                else
                {
                    neg += v * v;
                }
            }

            return (Math.Sqrt(pos), Math.Sqrt(neg));
        }
    }

    private static double[,] Gram(IReadOnlyList<double[]> h)
    {
        int k = h.Count;
        var g = new double[k, k];
        for (int a = 0; a < k; a++)
        {
            for (int b = a; b < k; b++)
            {
                double s = 0;
                for (int t = 0; t < h[a].Length; t++)
                {
                    s += h[a][t] * h[b][t];
                }

                g[a, b] = s;
                g[b, a] = s;
            }
        }

        return g;
    }
}
