using MatchModels.Core.History;
using MatchModels.Core.Tables;

namespace MatchModels.Synthetic.Tests;

public sealed class GenerateSyntheticHistoryTests
{
    public static TheoryData<TableFormat, string> FormatsAndDrifts()
    {
        var data = new TheoryData<TableFormat, string>();
        foreach (TableFormat format in new[] { TableFormat.Parquet, TableFormat.Csv })
        {
            foreach (string drift in new[] { "none", "covariate", "concept", "mixed", "profile", "overhaul" })
            {
                data.Add(format, drift);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndDrifts))]
    public async Task Generated_history_loads_with_zero_problems(TableFormat format, string drift)
    {
        using var dir = new TempDir();
        SyntheticHistory h = GenerateSyntheticHistory.Run(new SyntheticOptions(Drift: DriftSpec.Parse(drift)));
        await WriteSyntheticHistory.ToDirectoryAsync(h, dir.Path, format);

        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.Empty(loaded.Problems.Select(p => p.Message));
        Assert.True(loaded.Ok);
        Assert.Equal(h.History.Pairs.Count, loaded.History!.Pairs.Count);
        Assert.Equal(h.History.Sessions.Count, loaded.History.Sessions.Count);
        Assert.True(File.Exists(dir["truth" + TableFormats.Extension(format)]));
    }

    [Theory]
    [InlineData(TableFormat.Parquet)]
    [InlineData(TableFormat.Csv)]
    public async Task Same_seed_gives_identical_bytes(TableFormat format)
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var options = new SyntheticOptions(Mentees: 600, Mentors: 200, Drift: DriftSpec.Parse("mixed"));
        await WriteSyntheticHistory.ToDirectoryAsync(GenerateSyntheticHistory.Run(options), a.Path, format);
        await WriteSyntheticHistory.ToDirectoryAsync(GenerateSyntheticHistory.Run(options), b.Path, format);

        string[] files = Directory.GetFiles(a.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(["outcomes", "pairs", "participants", "sessions", "truth"], files.Select(Path.GetFileNameWithoutExtension));
        foreach (string f in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a.Path, f)).AsSpan().SequenceEqual(File.ReadAllBytes(b[f])), $"{f} differs between two runs");
        }
    }

    [Fact]
    public async Task Different_seed_gives_different_bytes()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        await WriteSyntheticHistory.ToDirectoryAsync(GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 300, Mentors: 100, Seed: 1)), a.Path, TableFormat.Parquet);
        await WriteSyntheticHistory.ToDirectoryAsync(GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 300, Mentors: 100, Seed: 2)), b.Path, TableFormat.Parquet);

        foreach (string table in new[] { "participants", "pairs", "sessions", "outcomes", "truth" })
        {
            string f = table + ".parquet";
            Assert.False(File.ReadAllBytes(a[f]).AsSpan().SequenceEqual(File.ReadAllBytes(b[f])), $"{f} is the same for seeds 1 and 2");
        }
    }

    [Fact]
    public void Default_label_rule_equals_latent_success_exactly()
    {
        SyntheticHistory h = SyntheticSample.Large;
        var latents = SyntheticSample.LargeLatents;
        bool[] withinDays = DefaultLabel(h.History, strict: false);
        bool[] beforeDays = DefaultLabel(h.History, strict: true);

        for (int i = 0; i < h.History.Pairs.Count; i++)
        {
            Assert.Equal(latents[i].PairId, h.History.Pairs[i].PairId);
            Assert.Equal(latents[i].Success, withinDays[i]);
            Assert.Equal(latents[i].Success, beforeDays[i]);
        }
    }

    [Fact]
    public void Each_condition_of_the_label_on_its_own_separates_accepted_successes_from_failures()
    {
        ProgrammeHistory h = SyntheticSample.Large.History;
        var within90 = h.Sessions.GroupBy(s => s.PairId).ToDictionary(g => g.Key, g => g.Count());
        var pairs = h.Pairs.ToDictionary(p => p.PairId);
        var outcomes = h.Outcomes.ToDictionary(o => o.PairId);
        var sessionsWithin90 = h.Sessions.Where(s => s.HeldAt <= pairs[s.PairId].MatchedAt.AddDays(90))
            .GroupBy(s => s.PairId).ToDictionary(g => g.Key, g => g.Count());

        foreach ((Pair pair, PairLatents latent) in h.Pairs.Zip(SyntheticSample.LargeLatents).Where(x => x.First.Accepted))
        {
            int sessions = sessionsWithin90.GetValueOrDefault(pair.PairId);
            int? satisfaction = outcomes.GetValueOrDefault(pair.PairId)?.MenteeSatisfaction;
            Assert.True(latent.Success == sessions >= 4, $"{pair.PairId}: S = {latent.Success} with {sessions} sessions within 90 days");
            Assert.True(latent.Success == satisfaction >= 4, $"{pair.PairId}: S = {latent.Success} with satisfaction {satisfaction}");
        }

        Assert.All(h.Pairs.Where(p => !p.Accepted), p => Assert.False(within90.ContainsKey(p.PairId)));
    }

    [Fact]
    public void Success_labels_follow_p_success()
    {
        SyntheticHistory h = SyntheticSample.Large;
        bool[] label = DefaultLabel(h.History, strict: false);
        double[] p = h.Truth.Select(t => t.PSuccess).ToArray();

        double meanIfSuccess = p.Where((_, i) => label[i]).Average();
        double meanIfFailure = p.Where((_, i) => !label[i]).Average();
        double observed = label.Count(l => l) / (double)label.Length;

        Assert.True(meanIfSuccess - meanIfFailure > 0.2, $"mean p_success {meanIfSuccess:F3} if labelled 1, {meanIfFailure:F3} if 0");
        Assert.InRange(observed - p.Average(), -0.03, 0.03);
        Assert.InRange(observed, 0.40, 0.55);
    }

    [Fact]
    public void True_success_probabilities_are_well_spread()
    {
        double[] p = SyntheticSample.Large.Truth.Select(t => t.PSuccess).Order().ToArray();

        Assert.InRange(p[p.Length / 10], 0.05, 0.2);
        Assert.InRange(p[p.Length * 9 / 10], 0.75, 0.95);
    }

    [Fact]
    public void Observed_dropout_rate_among_accepted_pairs_matches_p_dropout()
    {
        SyntheticHistory h = SyntheticSample.Large;
        var accepted = h.History.Pairs.Select((p, i) => (Pair: p, Truth: h.Truth[i])).Where(x => x.Pair.Accepted).ToList();
        double observed = accepted.Count(x => x.Pair.EndReason is EndReason.MenteeDropped or EndReason.MentorDropped) / (double)accepted.Count;
        double expected = accepted.Average(x => x.Truth.PDropout);

        Assert.InRange(observed - expected, -0.03, 0.03);
        Assert.InRange(observed, 0.05, 0.4);
        Assert.All(h.History.Pairs.Select((p, i) => (p, h.Truth[i])).Where(x => !x.p.Accepted), x => Assert.Equal(0.0, x.Item2.PDropout));
    }

    [Fact]
    public void Dropped_out_pairs_are_exactly_the_latent_dropouts()
    {
        SyntheticHistory h = SyntheticSample.Large;
        for (int i = 0; i < h.History.Pairs.Count; i++)
        {
            bool dropped = h.History.Pairs[i].EndReason is EndReason.MenteeDropped or EndReason.MentorDropped;
            Assert.Equal(SyntheticSample.LargeLatents[i].DroppedOut, dropped);
        }
    }

    [Theory]
    [InlineData("none", Banks.BuiltInName)]
    [InlineData("covariate", Banks.BuiltInName)]
    [InlineData("concept", Banks.BuiltInName)]
    [InlineData("mixed:2024-01-01", Banks.BuiltInName)]
    [InlineData("profile", Banks.BuiltInName)]
    [InlineData("none", Banks.ParaphraseName)]
    [InlineData("mixed:2024-01-01", Banks.ParaphraseName)]
    public void Truth_is_a_function_of_non_audit_columns_observable_at_the_cutoffs(string drift, string bank)
    {
        PhraseBank phrases = Banks.Named(bank);
        var options = new SyntheticOptions(Mentees: 800, Mentors: 250, Drift: DriftSpec.Parse(drift), DropoutHorizonDays: 21) { Phrases = phrases };
        SyntheticHistory h = GenerateSyntheticHistory.Run(options);
        var calendar = SyntheticCalendar.For(options);

        // Audit attributes are scrambled first: the truth must not move.
        var scrambled = h.History with
        {
            Participants = h.History.Participants.Select((p, i) => p with { Gender = i % 2 == 0 ? "female" : null, AgeBand = "55_plus" }).ToArray(),
        };
        (double[] pSuccess, double[] pDropout) = TruthFromTables.Recompute(
            scrambled, phrases, options.EffectiveDrift.ShiftsConcept ? calendar.ChangeAt : null, options.DropoutHorizonDays);

        for (int i = 0; i < h.Truth.Count; i++)
        {
            Assert.Equal(h.Truth[i].PSuccess, pSuccess[i], 12);
            Assert.Equal(h.Truth[i].PDropout, pDropout[i], 12);
        }
    }

    [Theory]
    [InlineData(TableFormat.Parquet)]
    [InlineData(TableFormat.Csv)]
    public async Task Another_phrase_bank_changes_the_words_and_nothing_else(TableFormat format)
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var options = new SyntheticOptions(Mentees: 600, Mentors: 200, Drift: DriftSpec.Parse("mixed"));
        SyntheticHistory builtIn = GenerateSyntheticHistory.Run(options);
        SyntheticHistory paraphrased = GenerateSyntheticHistory.Run(options with { Phrases = Banks.Paraphrase });
        await WriteSyntheticHistory.ToDirectoryAsync(builtIn, a.Path, format);
        await WriteSyntheticHistory.ToDirectoryAsync(paraphrased, b.Path, format);

        foreach (string table in new[] { "truth", "pairs", "sessions", "outcomes" })
        {
            string f = table + TableFormats.Extension(format);
            Assert.True(File.ReadAllBytes(a[f]).AsSpan().SequenceEqual(File.ReadAllBytes(b[f])), $"{f} depends on the phrase bank");
        }

        Assert.Equal(builtIn.History.Participants.Select(WithoutWords), paraphrased.History.Participants.Select(WithoutWords));
        Assert.Equal(builtIn.History.Participants.Select(p => p.Skills!.Count), paraphrased.History.Participants.Select(p => p.Skills!.Count));

        // The words do change: every goals text and every skill name comes from the other bank.
        var builtInSkills = PhraseBank.BuiltIn.Skills.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(paraphrased.History.Participants.SelectMany(p => p.Skills!), s => Assert.DoesNotContain(s, builtInSkills));
        Assert.All(builtIn.History.Participants.Zip(paraphrased.History.Participants), x => Assert.NotEqual(x.First.GoalsText, x.Second.GoalsText));
        string f2 = "participants" + TableFormats.Extension(format);
        Assert.False(File.ReadAllBytes(a[f2]).AsSpan().SequenceEqual(File.ReadAllBytes(b[f2])));
    }

    [Fact]
    public void Concept_drift_changes_the_truth_only_from_the_change_date()
    {
        var plain = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 600, Mentors: 200));
        var drifted = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 600, Mentors: 200, Drift: DriftSpec.Parse("concept")));
        DateTime change = SyntheticCalendar.For(new SyntheticOptions(Drift: DriftSpec.Parse("concept"))).ChangeAt;

        var before = Enumerable.Range(0, plain.Truth.Count).Where(i => plain.History.Pairs[i].MatchedAt < change).ToList();
        var after = Enumerable.Range(0, plain.Truth.Count).Where(i => plain.History.Pairs[i].MatchedAt >= change).ToList();
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
        Assert.All(before, i => Assert.Equal(plain.Truth[i].PSuccess, drifted.Truth[i].PSuccess));
        Assert.Contains(after, i => plain.Truth[i].PSuccess != drifted.Truth[i].PSuccess);
    }

    [Fact]
    public void Overhaul_drift_keeps_the_truth_before_the_change_and_lowers_the_success_rate_after_it()
    {
        var plain = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 600, Mentors: 200));
        var concept = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 600, Mentors: 200, Drift: DriftSpec.Parse("concept")));
        var overhaul = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 600, Mentors: 200, Drift: DriftSpec.Parse("overhaul")));
        DateTime change = SyntheticCalendar.For(new SyntheticOptions(Drift: DriftSpec.Parse("overhaul"))).ChangeAt;

        var before = Enumerable.Range(0, plain.Truth.Count).Where(i => plain.History.Pairs[i].MatchedAt < change).ToList();
        var after = Enumerable.Range(0, plain.Truth.Count).Where(i => plain.History.Pairs[i].MatchedAt >= change).ToList();
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
        Assert.All(before, i => Assert.Equal(plain.Truth[i].PSuccess, overhaul.Truth[i].PSuccess));
        // Without the skill and goals effects, only penalties and the availability bonus are left: success is rarer than under
        // remote-first alone. (Pair by pair the two differ in more than the coefficients: later draws follow earlier outcomes.)
        double overhauled = after.Average(i => overhaul.Truth[i].PSuccess), remoteFirst = after.Average(i => concept.Truth[i].PSuccess);
        Assert.True(overhauled < remoteFirst - 0.1, $"mean p_success after the change: {overhauled:0.000} overhauled, {remoteFirst:0.000} remote-first");
    }

    [Fact]
    public void Goals_texts_are_in_french_or_english_by_first_language()
    {
        IReadOnlyList<Participant> people = GenerateSyntheticHistory.Run(new SyntheticOptions()).History.Participants;
        var french = people.Where(p => p.Languages![0] == "fr").Select(p => p.GoalsText!).ToList();
        var english = people.Where(p => p.Languages![0] != "fr").Select(p => p.GoalsText!).ToList();
        char[] accents = "éèêàâçùûôîï".ToCharArray();

        Assert.True(french.Count > 100 && english.Count > 100, $"{french.Count} French and {english.Count} English texts");
        Assert.All(french, t => Assert.Matches("^(Je |J'|Mon |Au cours )", t));
        Assert.All(english, t => Assert.Matches("^(I |My |Over |Happy )", t));
        Assert.True(french.Count(t => t.IndexOfAny(accents) >= 0) > french.Count / 2, "most French texts have accented words");
        Assert.DoesNotContain(english, t => t.IndexOfAny(accents) >= 0);
        Assert.Contains(french, t => t.Contains("prise de parole en public", StringComparison.Ordinal));
    }

    [Fact]
    public void Participants_look_like_a_mentoring_programme()
    {
        IReadOnlyList<Participant> people = SyntheticSample.Large.History.Participants;
        var mentees = people.Where(p => p.Role == Role.Mentee).ToList();
        var mentors = people.Where(p => p.Role == Role.Mentor).ToList();
        var byId = people.ToDictionary(p => p.ParticipantId);

        Assert.All(mentees, p => Assert.InRange(p.JobLevel!.Value, 1, 6));
        Assert.All(mentors, p => Assert.InRange(p.JobLevel!.Value, 4, 10));
        Assert.All(mentees, p => Assert.Equal(0, p.MentorCapacity));
        Assert.All(mentors, p => Assert.InRange(p.MentorCapacity!.Value, 1, 4));
        Assert.All(people, p => Assert.InRange(p.AvailabilityHPerMonth!.Value, 1, 12));
        Assert.All(people, p => Assert.NotEmpty(p.Languages!));
        Assert.All(people, p => Assert.NotEmpty(p.Skills!));
        Assert.InRange(people.Select(p => p.Department).Distinct().Count(), 8, 10);
        Assert.InRange(mentees.Count(p => p.ManagerId is not null) / (double)mentees.Count, 0.2, 0.4);
        Assert.All(people.Where(p => p.ManagerId is not null), p =>
        {
            Participant m = byId[p.ManagerId!];
            Assert.Equal(Role.Mentor, m.Role);
            Assert.Equal(p.Department, m.Department);
            Assert.True(m.JobLevel > p.JobLevel);
        });
        Assert.InRange(people.Count(p => p.Gender is null) / (double)people.Count, 0.01, 0.15);
        Assert.InRange(people.Count(p => p.AgeBand is null) / (double)people.Count, 0.01, 0.15);
        Assert.Contains(people, p => p.Languages!.SequenceEqual(["fr", "en"]));
        var serving = SyntheticSample.Large.History.Pairs.Select(p => p.MentorId).ToHashSet();
        Assert.True(mentors.Count(m => serving.Contains(m.ParticipantId)) > mentors.Count / 2);
    }

    [Fact]
    public void Cohorts_start_over_more_than_two_years_and_share_their_match_instant()
    {
        IReadOnlyList<Pair> pairs = GenerateSyntheticHistory.Run(new SyntheticOptions()).History.Pairs;
        var starts = pairs.GroupBy(p => p.CohortId).Select(g => g.Select(p => p.MatchedAt).Distinct().Single()).Order().ToList();

        Assert.Equal(6, starts.Count);
        Assert.True(starts[^1] - starts[0] >= TimeSpan.FromDays(730), $"cohorts span {starts[^1] - starts[0]}");
        Assert.Equal(new DateTime(2023, 1, 9, 9, 0, 0, DateTimeKind.Utc), starts[0]);
        Assert.All(starts, s => Assert.Equal(DateTimeKind.Utc, s.Kind));
    }

    [Fact]
    public void Mentors_serve_overlapping_cohorts()
    {
        IReadOnlyList<Pair> pairs = SyntheticSample.Large.History.Pairs;
        var servedMoreThanOnce = pairs.GroupBy(p => p.MentorId).Count(g => g.Select(p => p.CohortId).Distinct().Count() > 1);
        var overlapping = pairs.Where(p => p.Accepted).GroupBy(p => p.MentorId).Count(g =>
            g.Any(a => g.Any(b => b.MatchedAt > a.MatchedAt && b.MatchedAt < a.EndedAt)));

        Assert.True(servedMoreThanOnce > 100, $"{servedMoreThanOnce} mentors served several cohorts");
        Assert.True(overlapping > 50, $"{overlapping} mentors ran pairs of two cohorts at once");
    }

    [Fact]
    public void Mentors_join_at_the_first_cohort_they_serve()
    {
        ProgrammeHistory h = SyntheticSample.Large.History;
        var firstPair = h.Pairs.GroupBy(p => p.MentorId).ToDictionary(g => g.Key, g => g.MinBy(p => p.MatchedAt)!);
        var mentors = h.Participants.Where(p => p.Role == Role.Mentor).ToList();

        Assert.All(mentors.Where(m => firstPair.ContainsKey(m.ParticipantId)), m =>
        {
            Pair first = firstPair[m.ParticipantId];
            Assert.Equal(first.CohortId, m.CohortId);
            Assert.InRange(first.MatchedAt - m.JoinedAt, TimeSpan.FromDays(7), TimeSpan.FromDays(42));
        });
        var pairOfMentee = h.Pairs.ToDictionary(p => p.MenteeId);
        Assert.All(h.Participants.Where(p => p.Role == Role.Mentee), m => Assert.InRange(
            pairOfMentee[m.ParticipantId].MatchedAt - m.JoinedAt, TimeSpan.FromDays(3), TimeSpan.FromDays(21)));
    }

    [Fact]
    public void Every_timestamp_is_utc_in_whole_seconds_and_every_pair_ends()
    {
        ProgrammeHistory h = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 500, Mentors: 150)).History;
        IEnumerable<DateTime> times = h.Participants.Select(p => p.JoinedAt)
            .Concat(h.Pairs.Select(p => p.MatchedAt)).Concat(h.Pairs.Select(p => p.EndedAt!.Value))
            .Concat(h.Sessions.Select(s => s.HeldAt)).Concat(h.Outcomes.Select(o => o.SurveyedAt));

        Assert.All(times, t => Assert.True(t.Kind == DateTimeKind.Utc && t.Ticks % TimeSpan.TicksPerSecond == 0, $"{t:O}"));
        Assert.All(h.Pairs, p => Assert.NotNull(p.EndReason));
    }

    [Fact]
    public void Covariate_drift_brings_new_sites_only_from_the_change_date()
    {
        var options = new SyntheticOptions(Drift: DriftSpec.Parse("covariate"));
        IReadOnlyList<Participant> people = GenerateSyntheticHistory.Run(options).History.Participants;
        var calendar = SyntheticCalendar.For(options);
        var startOf = calendar.CohortStarts.Select((t, c) => (Id: SyntheticCalendar.CohortId(c, t), Start: t)).ToDictionary(x => x.Id, x => x.Start);
        string[] newSites = ["Bangalore", "Singapore"];

        var fromNewSites = people.Where(p => newSites.Contains(p.Site)).ToList();
        Assert.True(fromNewSites.Count > 50, $"{fromNewSites.Count} participants from new sites");
        Assert.All(fromNewSites, p => Assert.True(startOf[p.CohortId] >= calendar.ChangeAt, $"{p.ParticipantId} of {p.CohortId}"));
        Assert.Contains(fromNewSites, p => p.Role == Role.Mentor);

        IReadOnlyList<Participant> plain = GenerateSyntheticHistory.Run(options with { Drift = null }).History.Participants;
        Assert.DoesNotContain(plain, p => newSites.Contains(p.Site));
    }

    [Fact]
    public void Profile_drift_changes_only_the_new_mentees_tenure_availability_and_level_from_the_change_date()
    {
        var options = new SyntheticOptions(Drift: DriftSpec.Parse("profile"));
        var calendar = SyntheticCalendar.For(options);
        var startOf = calendar.CohortStarts.Select((t, c) => (Id: SyntheticCalendar.CohortId(c, t), Start: t)).ToDictionary(x => x.Id, x => x.Start);
        IReadOnlyList<Participant> drifted = GenerateSyntheticHistory.Run(options).History.Participants;
        IReadOnlyList<Participant> plain = GenerateSyntheticHistory.Run(options with { Drift = null }).History.Participants;
        bool After(Participant p) => startOf[p.CohortId] >= calendar.ChangeAt;

        // Before the change both histories hold the same mentees (ids are shuffled over the whole history, so not by id;
        // a mentor's cohort is the first they serve, which may come after the change).
        static string Profile(Participant p) => string.Join('|', p.CohortId, p.Role, p.JoinedAt.Ticks, p.Site, p.JobLevel, p.TenureYears, p.AvailabilityHPerMonth);
        Assert.Equal(
            plain.Where(p => !After(p) && p.Role == Role.Mentee).Select(Profile).Order(StringComparer.Ordinal),
            drifted.Where(p => !After(p) && p.Role == Role.Mentee).Select(Profile).Order(StringComparer.Ordinal));
        var newMentees = drifted.Where(p => After(p) && p.Role == Role.Mentee).ToList();
        var plainMentees = plain.Where(p => After(p) && p.Role == Role.Mentee).ToList();
        Assert.True(newMentees.Count > 300, $"{newMentees.Count} mentees after the change");
        Assert.All(newMentees, p => Assert.InRange(p.AvailabilityHPerMonth!.Value, 1, 4));
        Assert.Contains(plainMentees, p => p.AvailabilityHPerMonth > 4);
        Assert.True(newMentees.Average(p => p.JobLevel) > plainMentees.Average(p => p.JobLevel) + 0.7, "mentee levels shift up by about one (3.3 → 4.3)");
        Assert.True(newMentees.Average(p => p.TenureYears) > plainMentees.Average(p => p.TenureYears) + 3, "mentee tenure is longer");
        // Sites, languages and mentors are drawn as without drift.
        Assert.DoesNotContain(drifted, p => p.Site is "Bangalore" or "Singapore");
        Assert.Contains(drifted, p => After(p) && p.Role == Role.Mentor && p.AvailabilityHPerMonth > 4);
    }

    [Fact]
    public void Too_few_mentors_fails_with_a_message_that_says_what_to_change()
    {
        var e = Assert.Throws<InvalidOperationException>(() => GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 1000, Mentors: 20)));

        Assert.Contains("raise Mentors or lower Mentees", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10, 30, "Mentees")]
    [InlineData(10, 0, 30, "Mentors")]
    [InlineData(10, 10, 0, "DropoutHorizonDays")]
    [InlineData(10, 10, 61, "DropoutHorizonDays")]
    public void Options_out_of_range_are_rejected_by_name(int mentees, int mentors, int horizon, string knob)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GenerateSyntheticHistory.Run(new SyntheticOptions(mentees, mentors, DropoutHorizonDays: horizon)));

        Assert.Equal(knob, e.ParamName);
    }

    /// <summary>A participant's columns other than goals_text and skills, as one comparable string.</summary>
    private static string WithoutWords(Participant p) => string.Join(
        '|',
        p.ParticipantId, p.ProgrammeId, p.CohortId, p.Role, p.JoinedAt.Ticks, p.Department, p.Site, p.TimezoneOffsetH, p.JobLevel, p.TenureYears,
        p.ManagerId, string.Join(';', p.Languages!), p.AvailabilityHPerMonth, p.MentorCapacity, p.Gender, p.AgeBand);

    /// <summary>
    /// The default pair-success label: accepted, at least 4 sessions within 90 days of matched_at, and a mentee
    /// satisfaction of at least 4. <paramref name="strict"/> counts sessions strictly before day 90 instead.
    /// </summary>
    private static bool[] DefaultLabel(ProgrammeHistory h, bool strict)
    {
        var sessions = h.Sessions.GroupBy(s => s.PairId).ToDictionary(g => g.Key, g => g.Select(s => s.HeldAt).ToList());
        var outcomes = h.Outcomes.ToDictionary(o => o.PairId);
        return h.Pairs.Select(p =>
        {
            DateTime limit = p.MatchedAt.AddDays(90);
            int within = sessions.GetValueOrDefault(p.PairId)?.Count(t => strict ? t < limit : t <= limit) ?? 0;
            return p.Accepted && within >= 4 && outcomes.TryGetValue(p.PairId, out Outcome? o) && o.MenteeSatisfaction >= 4;
        }).ToArray();
    }
}
