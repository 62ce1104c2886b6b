using MatchModels.Monitoring.Detectors;
using Xunit.Abstractions;

namespace MatchModels.Monitoring.Tests.Detectors;

/// <summary>
/// The concept-shift scenario in miniature: the same calibrated probabilities throughout, but from label 3,000 on
/// the outcome no longer depends on them (same base rate, AUC down to 0.5). The detectors watch each prediction's squared
/// error, which rises from about 0.15 to about 0.25.
/// </summary>
public sealed class ConceptShiftTests(ITestOutputHelper output)
{
    private const int ChangeAt = 3_000;

    [Fact]
    public void Adwin_and_page_hinkley_alarm_within_500_labels_of_a_concept_shift()
    {
        for (int seed = 1; seed <= 5; seed++)
        {
            double[] losses = SquaredErrors(6_000, seed);

            IReadOnlyList<DetectorAlarm> adwin = Adwin.Run(losses);
            IReadOnlyList<DetectorAlarm> pageHinkley = PageHinkley.Run(losses);

            output.WriteLine($"seed {seed}: ADWIN {Describe(adwin)}; Page-Hinkley {Describe(pageHinkley)}");
            Assert.DoesNotContain(adwin, a => a.DetectedAt < ChangeAt);
            Assert.DoesNotContain(pageHinkley, a => a.DetectedAt < ChangeAt);
            Assert.InRange(adwin[0].DetectedAt, ChangeAt, ChangeAt + 500);
            Assert.InRange(pageHinkley[0].DetectedAt, ChangeAt, ChangeAt + 500);
        }
    }

    private static string Describe(IReadOnlyList<DetectorAlarm> alarms) =>
        string.Join(" ", alarms.Select(a => $"{a.DetectedAt} (change at {a.ChangeAt})"));

    private static double[] SquaredErrors(int length, int seed)
    {
        var random = new Random(seed);
        double[] losses = new double[length];
        for (int i = 0; i < length; i++)
        {
            double u = 1 - random.NextDouble();
            double z = -0.5 + (1.5 * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
            double p = 1 / (1 + Math.Exp(-z));
            // After the change the label is drawn at the population's base rate (about 0.41), whatever p says.
            double rate = i < ChangeAt ? p : 0.41;
            double y = random.NextDouble() < rate ? 1 : 0;
            losses[i] = (p - y) * (p - y);
        }

        return losses;
    }
}
