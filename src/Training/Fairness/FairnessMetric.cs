namespace MatchModels.Training.Fairness;

/// <summary>A per-group number whose spread across groups a fairness report measures.</summary>
public enum FairnessMetric
{
    /// <summary>Share of the group's rows whose label is true (differences here are in the data, not the model).</summary>
    PositiveRate,

    /// <summary>Mean predicted probability over the group's rows.</summary>
    MeanPredicted,

    /// <summary>ROC AUC within the group: how well the model ranks the group's own rows.</summary>
    Auc,

    /// <summary>|mean predicted − positive rate|: how far the group's scores are from its observed rate.</summary>
    Calibration,

    /// <summary>Share of the group's rows scored at or above the decision threshold; its gap is Fairlearn's demographic parity difference.</summary>
    SelectionRate,

    /// <summary>Share of the group's positives scored at or above the threshold (recall within the group).</summary>
    TruePositiveRate,

    /// <summary>Share of the group's negatives scored at or above the threshold.</summary>
    FalsePositiveRate,

    /// <summary>
    /// Not a per-group number: the larger of the true-positive-rate gap and the false-positive-rate gap, Fairlearn's
    /// equalized odds difference (Hardt, Price &amp; Srebro, 2016).
    /// </summary>
    EqualizedOdds,
}
