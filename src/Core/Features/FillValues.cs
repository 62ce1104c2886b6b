namespace MatchModels.Core.Features;

/// <summary>The values fitted to stand in for a missing number: a declared column's fill and a profile field's.</summary>
internal static class FillValues
{
    /// <summary>Median by the mean of the two middle values; 0 when there is none (a fold without any value). Sorts <paramref name="values"/>.</summary>
    public static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
