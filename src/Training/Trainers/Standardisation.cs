namespace MatchModels.Training.Trainers;

/// <summary>
/// x' = (x - Offset) · Scale per feature, fitted on training rows (mean and 1/std; a constant column keeps scale 1).
/// Done here rather than by an ML.NET normaliser so the affine map is plain numbers the ONNX writer can emit as a Scaler.
/// </summary>
public sealed record Standardisation(float[] Offset, float[] Scale)
{
    public static Standardisation Fit(float[] rowMajor, int rows, int width)
    {
        var mean = new double[width];
        var m2 = new double[width];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < width; c++)
            {
                // Welford's update: stable for large counts and large values.
                double x = rowMajor[(r * width) + c];
                double delta = x - mean[c];
                mean[c] += delta / (r + 1);
                m2[c] += delta * (x - mean[c]);
            }
        }

        var offset = new float[width];
        var scale = new float[width];
        for (int c = 0; c < width; c++)
        {
            double std = rows > 1 ? Math.Sqrt(m2[c] / (rows - 1)) : 0;
            offset[c] = (float)mean[c];
            scale[c] = std > 1e-12 ? (float)(1 / std) : 1f;
        }

        return new Standardisation(offset, scale);
    }

    public float[] Apply(float[] rowMajor, int rows)
    {
        int width = Offset.Length;
        var result = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < width; c++)
            {
                int i = (r * width) + c;
                result[i] = (rowMajor[i] - Offset[c]) * Scale[c];
            }
        }

        return result;
    }
}
