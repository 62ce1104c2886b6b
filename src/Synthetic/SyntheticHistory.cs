using MatchModels.Core.History;
using MatchModels.Core.Tables;

namespace MatchModels.Synthetic;

/// <summary>
/// The ground truth of one pair: <see cref="PSuccess"/> = P(default success label = 1 | what is observable at
/// matched_at); <see cref="PDropout"/> = P(pair ends mentee_dropped or mentor_dropped | what is observable at
/// matched_at + H days). Both exact under the generative model of docs/synthetic-data.md.
/// </summary>
public sealed record TruthRow(string PairId, double PSuccess, double PDropout);

/// <summary>A generated programme history with the truth of each pair, in the order of <see cref="ProgrammeHistory.Pairs"/>.</summary>
public sealed record SyntheticHistory(ProgrammeHistory History, IReadOnlyList<TruthRow> Truth)
{
    /// <summary>
    /// The extra HR columns (<see cref="SyntheticOptions.ExtraColumns"/>), one value per row of
    /// <see cref="ProgrammeHistory.Participants"/>, written after the schema's participant columns; null without them.
    /// </summary>
    public IReadOnlyList<TableColumn>? ExtraParticipantColumns { get; init; }
}
