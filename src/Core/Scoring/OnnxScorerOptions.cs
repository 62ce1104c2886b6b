namespace MatchModels.Core.Scoring;

/// <summary>How ONNX Runtime runs a scoring session.</summary>
public sealed record OnnxScorerOptions
{
    /// <summary>
    /// One thread per call by default: a scoring graph is a few small operators, a host scores requests in
    /// parallel, and on two cores an intra-op pool per session would only compete with them.
    /// </summary>
    public int IntraOpNumThreads { get; init; } = 1;

    /// <summary>ONNX Runtime's graph optimisations (constant folding, node fusion); on unless a test wants the raw graph.</summary>
    public bool OptimiseGraph { get; init; } = true;
}
