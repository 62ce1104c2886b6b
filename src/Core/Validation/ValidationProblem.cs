using System.Text;

namespace MatchModels.Core.Validation;

/// <summary>What kind of thing is wrong; one fixture in tests/Core/Validation/Fixtures per kind.</summary>
public enum ProblemKind
{
    MissingDirectory,
    MissingTable,
    UnreadableFile,
    EmptyFile,
    RaggedRow,
    MissingColumn,
    WrongType,
    MissingValue,
    OutOfRange,
    UnknownEnumValue,
    DuplicateKey,
    DanglingReference,
    WrongRole,
    TimeOrder,
    OverCapacity,
    Inconsistent,
}

/// <summary>
/// One problem found while loading programme history. <see cref="Row"/> is the 1-based data row
/// (the header and blank lines are not counted; in a CSV file the line number is Row + 1 unless a quoted
/// field spans lines, which is why a ragged row also names its line).
/// </summary>
public sealed record ValidationProblem(
    ProblemKind Kind,
    string File,
    long? Row,
    string? Column,
    string Expected,
    string Found)
{
    public string Message
    {
        get
        {
            var sb = new StringBuilder(File);
            if (Row is { } row)
            {
                sb.Append(" row ").Append(row);
            }

            if (Column is not null)
            {
                sb.Append(", column ").Append(Column);
            }

            sb.Append(": ").Append(KindText).Append(": expected ").Append(Expected).Append(", found ").Append(Found);
            return sb.ToString();
        }
    }

    public string KindText => Kind switch
    {
        ProblemKind.MissingDirectory => "missing directory",
        ProblemKind.MissingTable => "missing table",
        ProblemKind.UnreadableFile => "unreadable file",
        ProblemKind.EmptyFile => "empty file",
        ProblemKind.RaggedRow => "ragged row",
        ProblemKind.MissingColumn => "missing required column",
        ProblemKind.WrongType => "wrong type",
        ProblemKind.MissingValue => "missing value",
        ProblemKind.OutOfRange => "value out of range",
        ProblemKind.UnknownEnumValue => "unknown value",
        ProblemKind.DuplicateKey => "duplicate key",
        ProblemKind.DanglingReference => "dangling reference",
        ProblemKind.WrongRole => "wrong role",
        ProblemKind.TimeOrder => "impossible time order",
        ProblemKind.OverCapacity => "mentor over capacity",
        ProblemKind.Inconsistent => "inconsistent values",
        _ => Kind.ToString(),
    };

    public override string ToString() => Message;
}

/// <summary>
/// Collects problems. Past <see cref="MaxKept"/> problems it only counts, so that a file with a million bad
/// rows still gives a readable report and bounded memory.
/// </summary>
public sealed class ProblemList
{
    public const int MaxKept = 1000;

    private readonly List<ValidationProblem> _kept = [];

    public IReadOnlyList<ValidationProblem> Kept => _kept;

    public long Total { get; private set; }

    public bool Any => Total > 0;

    public void Add(ValidationProblem problem)
    {
        Total++;
        if (_kept.Count < MaxKept)
        {
            _kept.Add(problem);
        }
    }

    /// <summary>Appends another list's problems (in their order) and its count of those past the cap.</summary>
    public void AddRange(ProblemList other)
    {
        foreach (ValidationProblem p in other._kept)
        {
            Add(p);
        }

        Total += other.Total - other._kept.Count;
    }

    public void Add(ProblemKind kind, string file, long? row, string? column, string expected, string found) =>
        Add(new ValidationProblem(kind, file, row, column, expected, found));
}
