namespace MatchModels.Synthetic;

/// <summary>
/// The hidden draws of one pair, kept for tests that check the tables tell the truth about them: the latent
/// success S and drop-out D. Not written anywhere: a model must learn them from the tables.
/// </summary>
internal sealed record PairLatents(string PairId, bool Success, bool DroppedOut);
