using System.Collections.Concurrent;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;

namespace MatchModels.Core.Scoring;

/// <summary>
/// Scores raw pairs with one registered version: rebuilds the model's feature layout from the fitted state in its
/// model.json, computes each pair's row with the same builder as training, and runs the ONNX graph. Thread-safe.
/// Each participant's text work (tokenising, tf-idf, latent themes) is cached by its document, so ranking one mentee
/// against a known pool of mentors does that work once per mentor, not once per request.
/// </summary>
public sealed class PairScorer : IDisposable
{
    /// <summary>Prepared texts kept before the cache starts over: about 1 KB each, so a few hundred MB at most, and larger than any mentor pool we have seen.</summary>
    public const int MaxCachedTexts = 200_000;

    private readonly FittedFeatureState? _state;
    private readonly FeatureLayout? _layout;
    private readonly float[] _medians;
    private MatchModels.Core.Columns.DeclaredColumn[]? _declared;
    private readonly ConcurrentDictionary<DocumentKey, ParticipantText> _texts = new();

    private PairScorer(ModelVersion version, OnnxModelScorer onnx)
    {
        Version = version;
        Onnx = onnx;
        FeatureSpec spec = version.Manifest.Features;
        _state = spec.State;
        if (_state is not null)
        {
            PairFeatureBuilder builder = PairFeatureBuilder.For(_state);
            builder.CheckFits(_state);
            (AuditFeatureEncoding audit, string[] builderFeatures) = SplitInput(spec, _state);
            _layout = new FeatureLayout(builder, builderFeatures, audit, _state.Custom ?? CustomFeatureEncoding.None, _state.Profile ?? ProfileTreatment.Complete);
            if (!_layout.Names.SequenceEqual(spec.Names))
            {
                throw new RegistryException($"{version.Manifest.Name}:{version.Manifest.Version}: the fitted state rebuilds [{string.Join(", ", _layout.Names)}], but model.json lists [{string.Join(", ", spec.Names)}]", RegistryFailure.Damaged);
            }

            Requirements = ProfileRequirements.Of(builder, builderFeatures, _state.Profile);
        }

        _medians = spec.Names.Select(n => (float)(version.Manifest.Reference?.Features.FirstOrDefault(f => f.Name == n)?.Median ?? double.NaN)).ToArray();
    }

    public ModelVersion Version { get; }

    public ModelManifest Manifest => Version.Manifest;

    public OnnxModelScorer Onnx { get; }

    public int Width => Onnx.FeatureCount;

    /// <summary>The participant columns the version's pipeline declared (ADR 0021): profiles carry them; empty when none.</summary>
    public IReadOnlyList<MatchModels.Core.Columns.DeclaredColumn> DeclaredColumns => _declared ??= _state?.Custom?.Declared.ToArray() ?? [];

    public IReadOnlyList<string> FeatureNames => Manifest.Features.Names;

    /// <summary>The profile fields this version cannot score without, per side (ADR 0022); none for an imported version.</summary>
    public ProfileRequirements Requirements { get; } = new([], []);

    /// <summary>False for a model imported without a fitted feature state: it scores feature vectors (v2 infer) but not profiles.</summary>
    public bool ScoresProfiles => _layout is not null;

    /// <summary>False when model.json carries no reference profile to take the medians from.</summary>
    public bool Explains => Manifest.Reference is not null;

    /// <summary>Opens the ONNX graph of a verified version and checks its width against model.json.</summary>
    public static PairScorer Open(ModelVersion version, OnnxScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        OnnxModelScorer onnx = OnnxModelScorer.Load(version.OnnxPath, options, version.Manifest.Features.Names.Count);
        try
        {
            return new PairScorer(version, onnx);
        }
        catch
        {
            onnx.Dispose();
            throw;
        }
    }

    /// <summary>The model's input rows for <paramref name="pairs"/>, row-major, <see cref="Width"/> values per pair.</summary>
    public float[] Features(IReadOnlyList<PairSnapshot> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var rows = new float[pairs.Count * Width];
        Features(pairs, rows);
        return rows;
    }

    /// <summary>Writes the rows of <paramref name="pairs"/> into <paramref name="rows"/> (at least pairs.Count × <see cref="Width"/> values).</summary>
    public void Features(IReadOnlyList<PairSnapshot> pairs, Span<float> rows)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        (FeatureLayout layout, FittedFeatureState state) = RequireState();
        int width = Width;
        Span<float> scratch = stackalloc float[layout.Builder.Definitions.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            PairSnapshot s = pairs[i];
            layout.Build(s, state, Text(s.Mentee, state), Text(s.Mentor, state), scratch, rows.Slice(i * width, width));
        }
    }

    /// <summary>The model's row for one pair, whose mentee and mentor texts were already prepared with <see cref="Prepare"/>.</summary>
    public void Features(PairSnapshot pair, ParticipantText mentee, ParticipantText mentor, Span<float> scratch, Span<float> row)
    {
        (FeatureLayout layout, FittedFeatureState state) = RequireState();
        layout.Build(pair, state, mentee, mentor, scratch, row);
    }

    /// <summary>Room the <c>scratch</c> argument of <see cref="Features(PairSnapshot, ParticipantText, ParticipantText, Span{float}, Span{float})"/> needs.</summary>
    public int ScratchWidth => RequireState().Layout.Builder.Definitions.Count;

    /// <summary>The participant's prepared text, from the cache when an equal document was seen before.</summary>
    public ParticipantText Prepare(Participant participant) => Text(participant, RequireState().State);

    /// <summary>Probabilities of <paramref name="pairs"/>: features then the ONNX graph.</summary>
    public float[] Score(IReadOnlyList<PairSnapshot> pairs)
    {
        float[] rows = Features(pairs);
        return Onnx.Score(rows, pairs.Count);
    }

    /// <summary>Probabilities of rows already in the model's layout (the v2 protocol's input).</summary>
    public void Score(ReadOnlySpan<float> rows, int count, Span<float> probabilities) => Onnx.Score(rows, count, probabilities);

    /// <summary>
    /// What each feature did to one prediction: contribution_j = p(x) − p(x with feature j set to its training median),
    /// the median taken from the reference profile in model.json. All F perturbed rows are scored in one batch.
    /// Returns the <paramref name="top"/> largest by |contribution|, ties broken by feature order.
    /// </summary>
    public IReadOnlyList<FeatureContribution> Explain(ReadOnlySpan<float> row, float probability, int top)
    {
        if (!Explains)
        {
            throw new InvalidOperationException($"{Manifest.Name}:{Manifest.Version} has no reference profile in model.json, so there is no median to measure contributions against");
        }

        int width = Width;
        var perturbed = new float[width * width];
        for (int j = 0; j < width; j++)
        {
            Span<float> r = perturbed.AsSpan(j * width, width);
            row.CopyTo(r);
            if (!float.IsNaN(_medians[j]))
            {
                r[j] = _medians[j];
            }
        }

        float[] p = Onnx.Score(perturbed, width);
        var all = new FeatureContribution[width];
        for (int j = 0; j < width; j++)
        {
            string name = FeatureNames[j];
            all[j] = new FeatureContribution(name, FeaturePhrases.Of(name), row[j], float.IsNaN(_medians[j]) ? row[j] : _medians[j], probability - p[j]);
        }

        return all.Select((c, j) => (c, j)).OrderByDescending(x => Math.Abs(x.c.Contribution)).ThenBy(x => x.j).Take(Math.Max(0, top)).Select(x => x.c).ToList();
    }

    public void Dispose() => Onnx.Dispose();

    /// <summary>
    /// The profile fields a version cannot score without, from its model.json alone (no ONNX session): what
    /// <see cref="Requirements"/> holds once it is opened; none for a version without a fitted state.
    /// </summary>
    public static ProfileRequirements RequirementsOf(FeatureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.State is not { } state)
        {
            return new ProfileRequirements([], []);
        }

        return ProfileRequirements.Of(PairFeatureBuilder.For(state), SplitInput(spec, state).BuilderFeatures, state.Profile);
    }

    /// <summary>
    /// The model input's audit encoding and its leading builder features: what is left of model.json's names once the
    /// audit columns, the declared columns' features and the profile indicators, which come last in that order, are taken off.
    /// </summary>
    private static (AuditFeatureEncoding Audit, string[] BuilderFeatures) SplitInput(FeatureSpec spec, FittedFeatureState state)
    {
        AuditFeatureEncoding audit = spec.AuditAttributes is { Count: > 0 } attributes
            ? new AuditFeatureEncoding(attributes, spec.AuditCategories ?? new Dictionary<string, string[]>())
            : AuditFeatureEncoding.None;
        int tail = audit.Width + (state.Custom ?? CustomFeatureEncoding.None).Width + (state.Profile ?? ProfileTreatment.Complete).Width;
        return (audit, [.. spec.Names.Take(Math.Max(0, spec.Names.Count - tail))]);
    }

    private (FeatureLayout Layout, FittedFeatureState State) RequireState() => _layout is not null && _state is not null
        ? (_layout, _state)
        : throw new ProfilesNotSupportedException(
            $"{Manifest.Name}:{Manifest.Version} was imported without a fitted feature state, so it cannot compute features from profiles; send feature vectors to POST /v2/models/{Manifest.Name}/versions/{Manifest.Version}/infer instead");

    private ParticipantText Text(Participant p, FittedFeatureState state)
    {
        // Keyed by the skills and goals text themselves rather than a joined string: a warm rank looks up every mentor
        // per call, and building that string per mentor cost more than the features it saved.
        var document = new DocumentKey(p.Skills ?? [], p.GoalsText ?? "");
        if (_texts.TryGetValue(document, out ParticipantText? text))
        {
            return text;
        }

        text = PairFeatureBuilder.Prepare(p, state);
        if (_texts.Count >= MaxCachedTexts)
        {
            // Starting over is crude but bounded and lock-free; a pool larger than this is re-prepared once per cycle.
            _texts.Clear();
        }

        // The key keeps its own copy of the skills: the caller's list may change after this call.
        _texts.TryAdd(new DocumentKey([.. p.Skills ?? []], p.GoalsText ?? ""), text);
        return text;
    }

    /// <summary>
    /// What a prepared text depends on: the skills, in order, and the goals text, compared ordinally element by element
    /// (so ["data science"] and ["data", "science"] stay apart without a separator).
    /// </summary>
    private readonly struct DocumentKey(IReadOnlyList<string> skills, string goals) : IEquatable<DocumentKey>
    {
        private readonly IReadOnlyList<string> _skills = skills;
        private readonly string _goals = goals;

        public bool Equals(DocumentKey other)
        {
            if (_skills.Count != other._skills.Count || !string.Equals(_goals, other._goals, StringComparison.Ordinal))
            {
                return false;
            }

            for (int i = 0; i < _skills.Count; i++)
            {
                if (!string.Equals(_skills[i], other._skills[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is DocumentKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            hash.Add(_goals, StringComparer.Ordinal);
            hash.Add(_skills.Count);
            for (int i = 0; i < _skills.Count; i++)
            {
                hash.Add(_skills[i], StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}

/// <summary>One feature's part in a prediction: its value, the median it was compared with and p(x) − p(x with the median).</summary>
public sealed record FeatureContribution(string Feature, string Description, double Value, double Median, double Contribution);

/// <summary>The model needs a fitted feature state to score profiles and has none (an imported model).</summary>
public sealed class ProfilesNotSupportedException(string message) : InvalidOperationException(message);
