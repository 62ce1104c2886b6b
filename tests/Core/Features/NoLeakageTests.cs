using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Synthetic;

namespace MatchModels.Core.Tests.Features;

/// <summary>
/// The property that makes features trustworthy: changing, adding or deleting any event dated after a pair's
/// cut-off never changes that pair's features. Checked on a generated history with many seeded random edits.
/// </summary>
public sealed class NoLeakageTests
{
    private const int PairsPerSeed = 40;

    public static TheoryData<int, int?> Cases => new()
    {
        { 1, null },
        { 2, null },
        { 3, 30 },
        { 4, 30 },
        { 5, 90 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Events_after_the_cut_off_never_change_a_feature(int seed, int? horizonDays)
    {
        ProgrammeHistory history = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 240, Mentors: 60, Cohorts: 4, Seed: seed)).History;
        PairFeatureBuilder builder = horizonDays is { } h ? PairFeatureBuilder.Dropout(h) : PairFeatureBuilder.PairSuccess;
        var original = new PointInTimeHistory(history);
        FittedFeatureState state = builder.Fit(builder.Snapshots(original, history.Pairs));
        var random = new Random(seed);

        foreach (Pair pair in history.Pairs.OrderBy(_ => random.Next()).Take(PairsPerSeed))
        {
            DateTime cutOff = builder.CutOff(pair);
            float[] before = builder.Build(builder.Snapshots(original, [pair]), state).Values;

            ProgrammeHistory edited = EditAfter(history, cutOff, pair, random);
            float[] after = builder.Build(builder.Snapshots(new PointInTimeHistory(edited), [pair]), state).Values;

            Assert.True(before.SequenceEqual(after), $"pair {pair.PairId} (cut-off {cutOff:O}) changed: [{string.Join(", ", before)}] -> [{string.Join(", ", after)}]");
        }
    }

    [Fact]
    public void The_check_can_fail_an_event_before_the_cut_off_does_change_features()
    {
        ProgrammeHistory history = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 240, Mentors: 60, Cohorts: 4, Seed: 9)).History;
        PairFeatureBuilder builder = PairFeatureBuilder.Dropout(30);
        var index = new PointInTimeHistory(history);
        FittedFeatureState state = builder.Fit(builder.Snapshots(index, history.Pairs));
        Pair pair = history.Pairs.First(p => p.Accepted);

        var earlier = new Session(pair.PairId, pair.MatchedAt.AddDays(1), 55, 1, 1);
        var edited = history with { Sessions = [.. history.Sessions, earlier] };

        float[] before = builder.Build(builder.Snapshots(index, [pair]), state).Values;
        float[] after = builder.Build(builder.Snapshots(new PointInTimeHistory(edited), [pair]), state).Values;
        Assert.False(before.SequenceEqual(after));
    }

    [Fact]
    public void The_check_can_fail_an_attribute_change_before_the_cut_off_does_change_features()
    {
        ProgrammeHistory history = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 240, Mentors: 60, Cohorts: 4, Seed: 9)).History;
        PairFeatureBuilder builder = PairFeatureBuilder.PairSuccess;
        var index = new PointInTimeHistory(history);
        FittedFeatureState state = builder.Fit(builder.Snapshots(index, history.Pairs));
        Pair pair = history.Pairs[^1];
        Participant mentee = index.Participant(pair.MenteeId);

        var promoted = new AttributeChange(pair.MenteeId, pair.MatchedAt.AddSeconds(-1), "job_level", mentee.JobLevel == 10 ? 1 : mentee.JobLevel + 1);
        var edited = history with { Changes = [promoted] };

        float[] before = builder.Build(builder.Snapshots(index, [pair]), state).Values;
        float[] after = builder.Build(builder.Snapshots(new PointInTimeHistory(edited), [pair]), state).Values;
        Assert.False(before.SequenceEqual(after));
    }

    /// <summary>A copy of the history where a random selection of events dated after the cut-off is changed, added or deleted.</summary>
    private static ProgrammeHistory EditAfter(ProgrammeHistory h, DateTime cutOff, Pair scored, Random random)
    {
        DateTime Later() => cutOff.AddSeconds(1 + random.Next(1, 400 * 86_400));

        var sessions = new List<Session>();
        foreach (Session s in h.Sessions)
        {
            if (s.HeldAt <= cutOff)
            {
                sessions.Add(s);
                continue;
            }

            switch (random.Next(3))
            {
                case 0: break; // deleted
                case 1: sessions.Add(s with { HeldAt = Later(), DurationMin = random.Next(5, 200), MenteeRating = random.Next(1, 6), MentorRating = null }); break;
                default: sessions.Add(s); break;
            }
        }

        var pairs = new List<Pair>();
        foreach (Pair p in h.Pairs)
        {
            if (p.MatchedAt > cutOff)
            {
                if (random.Next(3) == 0)
                {
                    continue; // a future pair deleted
                }

                pairs.Add(p with { Accepted = random.Next(2) == 0, EndedAt = random.Next(2) == 0 ? null : Later(), EndReason = (EndReason)random.Next(5) });
                continue;
            }

            if (p.EndedAt is null || p.EndedAt > cutOff)
            {
                // The end of a pair (this one included) is an event after the cut-off: move it, drop it, or change why.
                bool stillRunning = random.Next(3) == 0;
                pairs.Add(p with { EndedAt = stillRunning ? null : Later(), EndReason = stillRunning ? null : (EndReason)random.Next(5), Accepted = p.PairId == scored.PairId ? p.Accepted : random.Next(2) == 0 || p.Accepted });
                continue;
            }

            pairs.Add(p);
        }

        for (int i = 0; i < 3; i++)
        {
            string id = $"future-{i}";
            pairs.Add(new Pair(id, scored.ProgrammeId, "cX", scored.MenteeId, scored.MentorId, Later(), MatchSource.Manual, true, null, null));
            sessions.Add(new Session(id, Later(), 60, 5, 5));
            sessions.Add(new Session(scored.PairId, Later(), 60, random.Next(1, 6), random.Next(1, 6)));
        }

        var outcomes = h.Outcomes.Where(o => o.SurveyedAt <= cutOff || random.Next(2) == 0)
            .Select(o => o.SurveyedAt > cutOff ? o with { MenteeSatisfaction = random.Next(1, 6) } : o)
            .ToList();

        // Attribute changes (participant_changes) that take effect after the cut-off: a promotion, a move, new skills and
        // goals, a new manager, for the two people of the pair and for anyone in the history.
        var changes = new List<AttributeChange>();
        string[] people = [scored.MenteeId, scored.MentorId, h.Participants[random.Next(h.Participants.Count)].ParticipantId];
        foreach (string id in people)
        {
            changes.Add(new AttributeChange(id, Later(), "job_level", random.Next(1, 11)));
            changes.Add(new AttributeChange(id, Later(), "department", "Elsewhere"));
            changes.Add(new AttributeChange(id, Later(), "site", "Nowhere"));
            changes.Add(new AttributeChange(id, Later(), "timezone_offset_h", (double)random.Next(-12, 15)));
            changes.Add(new AttributeChange(id, Later(), "skills", (IReadOnlyList<string>)["something", "else"]));
            changes.Add(new AttributeChange(id, Later(), "languages", (IReadOnlyList<string>)["xx"]));
            changes.Add(new AttributeChange(id, Later(), "goals_text", "an entirely new goal"));
            changes.Add(new AttributeChange(id, Later(), "availability_h_per_month", (double)random.Next(0, 40)));
            changes.Add(new AttributeChange(id, Later(), "manager_id", people[random.Next(people.Length)] == id ? null : people[0]));
        }

        return new ProgrammeHistory(h.Participants, pairs, sessions, outcomes) { Changes = [.. h.Changes, .. changes] };
    }
}
