namespace MatchModels.Synthetic;

/// <summary>
/// How a phrase bank names one topic: its skills (one per skill slot) and the phrases that name it in goals texts,
/// per role (mentees say what they want to develop, mentors what they can offer) and per language. Every phrase
/// names exactly one topic, so the topics of a goals text can be read back from it.
/// </summary>
internal sealed record TopicPhrases(
    string Id,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> MenteeEnglish,
    IReadOnlyList<string> MenteeFrench,
    IReadOnlyList<string> MentorEnglish,
    IReadOnlyList<string> MentorFrench)
{
    public IReadOnlyList<string> Phrases(bool mentor, bool french) => (mentor, french) switch
    {
        (false, false) => MenteeEnglish,
        (false, true) => MenteeFrench,
        (true, false) => MentorEnglish,
        (true, true) => MentorFrench,
    };
}

/// <summary>
/// The sentence templates of one role and language: openings and follow-ups hold <c>{0}</c> (the joined phrases;
/// French ones may write <c>{de} {0}</c>, elided to "d'" before a vowel); closings name no topic.
/// </summary>
internal sealed record GoalsTemplates(IReadOnlyList<string> Opening, IReadOnlyList<string> FollowUp, IReadOnlyList<string> Closing);
