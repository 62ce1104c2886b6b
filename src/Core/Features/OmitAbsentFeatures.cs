using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>Builder features left out of a model because the training history lacks the fields they read: one notice.</summary>
/// <param name="Fields">The absent fields, in the schema's order.</param>
/// <param name="Features">The features left out for them, in the pipeline's order.</param>
public sealed record OmittedFeatures(IReadOnlyList<string> Fields, IReadOnlyList<string> Features)
{
    public string Message =>
        $"participants has no {string.Join(" or ", Fields)} in the training cohorts (column absent or every value empty): left out {string.Join(", ", Features)}";
}

/// <summary>
/// Decides, from the training rows only, which builder features a history can feed and which fields get a fill and an
/// indicator (ADR 0022). A field is absent when no training participant holds a value of it (for mentor_capacity, no
/// training mentor); a feature that needs an absent field is left out. A present fillable field with a missing value
/// on a side some kept feature reads is flagged on that side. The decision is made once on the whole training split so
/// that every fold has the same columns; <see cref="Fit"/> then fits the fills on whichever rows it is given.
/// </summary>
public sealed record OmitAbsentFeatures(
    IReadOnlyList<string> Kept, IReadOnlyList<OmittedFeatures> Omitted, IReadOnlyList<string> Absent, IReadOnlyList<FieldRead> Flagged)
{
    public static OmitAbsentFeatures Decide(PairFeatureBuilder builder, IReadOnlyList<string> features, IReadOnlyList<PairSnapshot> training)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(training);
        IReadOnlyList<Participant> mentees = People(training.Select(s => s.Mentee)), mentors = People(training.Select(s => s.Mentor));
        var absent = ProfileFields.All
            .Where(f => !mentors.Any(p => ProfileFields.Has(p, f)) && (ProfileFields.MentorsOnly(f) || !mentees.Any(p => ProfileFields.Has(p, f))))
            .ToList();
        bool IsAbsent(string field) => absent.Contains(field, StringComparer.Ordinal);

        var kept = new List<string>();
        var omitted = new List<(string Key, List<string> Fields, List<string> Features)>();
        foreach (string name in features)
        {
            IReadOnlyList<string> missing = builder.Definition(name).Needs.Missing(IsAbsent);
            if (missing.Count == 0)
            {
                kept.Add(name);
                continue;
            }

            string key = string.Join(',', missing);
            int at = omitted.FindIndex(o => o.Key == key);
            if (at < 0)
            {
                omitted.Add((key, [.. missing], []));
                at = omitted.Count - 1;
            }

            omitted[at].Features.Add(name);
        }

        var flagged = new List<FieldRead>();
        foreach (string field in ProfileFields.Fillable.Where(f => !IsAbsent(f)))
        {
            PairSides read = kept.SelectMany(k => builder.Definition(k).Needs.Reads).Where(r => r.Field == field).Aggregate((PairSides)0, (a, r) => a | r.Sides);
            PairSides seen = 0;
            if ((read & PairSides.Mentee) != 0 && !ProfileFields.MentorsOnly(field) && mentees.Any(p => !ProfileFields.Has(p, field)))
            {
                seen |= PairSides.Mentee;
            }

            if ((read & PairSides.Mentor) != 0 && mentors.Any(p => !ProfileFields.Has(p, field)))
            {
                seen |= PairSides.Mentor;
            }

            if (seen != 0)
            {
                flagged.Add(new FieldRead(field, seen));
            }
        }

        return new OmitAbsentFeatures(kept, [.. omitted.Select(o => new OmittedFeatures(o.Fields, o.Features))], absent, flagged);
    }

    /// <summary>
    /// The treatment fitted on <paramref name="rows"/> (a fold's fitting rows, or the whole training split); null when
    /// nothing is absent and nothing flagged, so a complete history's model is what it was before optional fields.
    /// </summary>
    public ProfileTreatment? Fit(IReadOnlyList<PairSnapshot> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (Absent.Count == 0 && Flagged.Count == 0)
        {
            return null;
        }

        IReadOnlyList<Participant> mentors = People(rows.Select(s => s.Mentor));
        IReadOnlyList<Participant> everyone = People(rows.SelectMany(s => new[] { s.Mentee, s.Mentor }));
        var fills = new List<FieldFill>(Flagged.Count);
        foreach (FieldRead flag in Flagged)
        {
            IReadOnlyList<Participant> people = ProfileFields.MentorsOnly(flag.Field) ? mentors : everyone;
            if (ProfileFields.IsNumber(flag.Field))
            {
                fills.Add(new FieldFill(flag.Field, FillValues.Median([.. people.Select(p => ProfileFields.Number(p, flag.Field)).OfType<double>()]), null, flag.Sides));
            }
            else if (flag.Field is ProfileFields.Department or ProfileFields.Site)
            {
                string? mode = people.Select(p => ProfileFields.Text(p, flag.Field)).OfType<string>()
                    .GroupBy(v => v, StringComparer.OrdinalIgnoreCase)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => g.Key).FirstOrDefault();
                fills.Add(new FieldFill(flag.Field, null, mode, flag.Sides));
            }
            else
            {
                fills.Add(new FieldFill(flag.Field, null, null, flag.Sides));
            }
        }

        return new ProfileTreatment(Absent, fills);
    }

    /// <summary>Each participant once, by id, as the latest snapshot shows them: a busy mentor must not weigh more in a fill.</summary>
    private static IReadOnlyList<Participant> People(IEnumerable<Participant> participants)
    {
        var people = new SortedDictionary<string, Participant>(StringComparer.Ordinal);
        foreach (Participant p in participants)
        {
            people[p.ParticipantId] = p;
        }

        return [.. people.Values];
    }
}
