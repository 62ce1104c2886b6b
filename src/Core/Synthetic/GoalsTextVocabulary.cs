using MatchModels.Core.History;

namespace MatchModels.Core.Synthetic;

/// <summary>
/// The twelve topics of the programme with their skills and goal phrases, and the sentence templates goals
/// texts are assembled from (<see cref="ComposeGoalsText"/>). Mentee phrases are verb phrases that follow
/// "to" / an infinitive; mentor phrases are noun phrases that follow "with" / "sur".
/// </summary>
internal static class GoalsTextVocabulary
{
    public static IReadOnlyList<Topic> Topics { get; } =
    [
        new("leadership",
            ["leadership", "strategic thinking", "decision making", "influence"],
            ["grow as a leader", "develop my leadership style", "learn to lead a team through change"],
            ["développer mon leadership", "m'affirmer comme leader", "apprendre à piloter une équipe dans le changement"],
            ["leading through change", "building a personal leadership style", "stepping into a first leadership role"],
            ["la conduite du changement", "l'affirmation de son style de leadership", "la prise d'un premier rôle de leader"]),
        new("public_speaking",
            ["public speaking", "storytelling", "presentation skills"],
            ["become more confident speaking in public", "improve my presentation skills", "tell a clearer story when I present"],
            ["progresser en prise de parole en public et gagner en confiance", "améliorer mes présentations orales", "mieux captiver mon auditoire"],
            ["speaking on stage", "structuring a compelling presentation", "storytelling for executive audiences"],
            ["la prise de parole en public", "la structure d'une présentation percutante", "l'art de raconter une histoire à un comité de direction"]),
        new("career_moves",
            ["career planning", "internal mobility", "personal branding"],
            ["plan my next career move", "explore internal mobility opportunities", "prepare for a promotion"],
            ["préparer ma prochaine évolution de carrière", "explorer les possibilités de mobilité interne", "me préparer à une promotion"],
            ["career planning", "preparing a promotion case", "changing jobs within the company"],
            ["la mobilité interne", "la préparation d'un dossier de promotion", "les changements de poste au sein du groupe"]),
        new("data_analytics",
            ["data analysis", "sql", "data visualisation", "machine learning"],
            ["get better at working with data", "learn SQL for data visualisation", "understand how machine learning could help my team"],
            ["être plus à l'aise avec les données", "apprendre le SQL pour visualiser des données", "comprendre ce que l'apprentissage automatique peut apporter à mon équipe"],
            ["data analysis with SQL", "dashboard design", "getting started with machine learning"],
            ["l'analyse de données en SQL", "la datavisualisation", "les premiers pas en apprentissage automatique"]),
        new("project_management",
            ["project management", "agile methods", "risk management", "planning"],
            ["run projects more smoothly", "adopt agile ways of working", "keep complex projects on schedule"],
            ["mieux gérer mes projets", "adopter des méthodes agiles", "tenir les délais sur des projets complexes"],
            ["running complex projects", "agile delivery", "risk management"],
            ["la gestion de projets complexes", "les méthodes agiles au quotidien", "la gestion des risques"]),
        new("negotiation",
            ["negotiation", "conflict resolution", "persuasion"],
            ["negotiate with more confidence", "handle conflicts calmly", "be more persuasive in meetings"],
            ["négocier avec plus d'assurance", "gérer les conflits avec sérénité", "être plus convaincant en réunion"],
            ["negotiation techniques", "resolving conflicts", "persuasion in tense meetings"],
            ["les techniques de négociation", "la résolution de conflits", "l'art de convaincre en réunion"]),
        new("work_life_balance",
            ["time management", "stress management", "prioritisation"],
            ["find a better work-life balance", "manage my time better", "cope with stress during busy periods"],
            ["trouver un meilleur équilibre entre vie professionnelle et vie personnelle", "mieux gérer mon temps", "gérer mon stress pendant les périodes chargées"],
            ["work-life balance", "time management", "handling stress"],
            ["la qualité de vie au travail", "la gestion du temps", "la gestion du stress"]),
        new("product_management",
            ["product management", "user research", "roadmapping"],
            ["move into product management", "learn to build a product roadmap", "turn user feedback into features"],
            ["évoluer vers la gestion de produit", "apprendre à construire une feuille de route produit", "mieux comprendre les besoins des utilisateurs"],
            ["product roadmaps", "user research", "prioritising a product backlog"],
            ["les feuilles de route produit", "la recherche utilisateur", "la priorisation d'un backlog produit"]),
        new("people_management",
            ["people management", "feedback", "coaching", "hiring"],
            ["become a better manager", "give useful feedback to my team", "prepare for my first management role"],
            ["devenir un meilleur manager", "donner des retours utiles à mon équipe", "me préparer à mon premier poste de manager"],
            ["growing a team", "giving feedback", "hiring well"],
            ["le management d'équipe", "l'art du feedback", "le recrutement"]),
        new("technical_architecture",
            ["software architecture", "cloud platforms", "system design"],
            ["deepen my knowledge of software architecture", "design systems that scale", "understand cloud platforms better"],
            ["approfondir mes connaissances en architecture logicielle", "concevoir des systèmes qui passent à l'échelle", "mieux comprendre les plateformes cloud"],
            ["software architecture", "system design reviews", "cloud migrations"],
            ["l'architecture logicielle", "la conception de systèmes", "les migrations vers le cloud"]),
        new("sales_client_relations",
            ["client relations", "sales", "account management"],
            ["build stronger client relationships", "improve my sales pitch", "grow my key accounts"],
            ["développer des relations clients solides", "améliorer mon argumentaire commercial", "faire grandir mes comptes clés"],
            ["client relations", "sales pitches", "key account management"],
            ["la relation client", "l'argumentaire de vente", "la gestion des grands comptes"]),
        new("diversity_inclusion",
            ["diversity and inclusion", "inclusive leadership", "allyship"],
            ["make my team more inclusive", "understand inclusion issues", "become a better ally to my colleagues"],
            ["rendre mon équipe plus inclusive", "mieux comprendre les enjeux d'inclusion", "être un meilleur allié pour mes collègues"],
            ["building inclusive teams", "inclusive leadership", "allyship at work"],
            ["la construction d'équipes inclusives", "le management inclusif", "le rôle d'allié au travail"]),
    ];

    /// <summary>All skills, topic after topic; a skill's index is its bit in a participant's skill mask.</summary>
    public static IReadOnlyList<string> Skills { get; } = Topics.SelectMany(t => t.Skills).ToArray();

    /// <summary>The index in <see cref="Skills"/> of each topic's first skill.</summary>
    public static IReadOnlyList<int> FirstSkillOfTopic { get; } = FirstSkills();

    public static int TopicIndex(string key)
    {
        for (int i = 0; i < Topics.Count; i++)
        {
            if (Topics[i].Key == key)
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown topic '{key}'", nameof(key));
    }

    // {0} is the joined phrases. French templates with "{de}" elide it to "d'" before a vowel.
    public static IReadOnlyList<string> MenteeOpeningEnglish { get; } =
    [
        "I would like to {0}.",
        "My main goal is to {0}.",
        "Over the next six months, I want to {0}.",
        "I hope this programme will help me {0}.",
        "I am looking for a mentor to help me {0}.",
    ];

    public static IReadOnlyList<string> MenteeOpeningFrench { get; } =
    [
        "Je souhaite {0}.",
        "Mon objectif principal est {de} {0}.",
        "Au cours des six prochains mois, j'aimerais {0}.",
        "J'espère que ce programme m'aidera à {0}.",
        "Je cherche un mentor pour m'aider à {0}.",
    ];

    public static IReadOnlyList<string> MenteeFollowUpEnglish { get; } =
    [
        "I would also like to {0}.",
        "Another goal is to {0}.",
        "Ideally, I would also {0}.",
    ];

    public static IReadOnlyList<string> MenteeFollowUpFrench { get; } =
    [
        "J'aimerais aussi {0}.",
        "Un autre objectif serait {de} {0}.",
        "Idéalement, je voudrais également {0}.",
    ];

    public static IReadOnlyList<string> MentorOpeningEnglish { get; } =
    [
        "I can help with {0}.",
        "Happy to share my experience of {0}.",
        "I would enjoy mentoring on {0}.",
        "I can offer guidance on {0}.",
    ];

    public static IReadOnlyList<string> MentorOpeningFrench { get; } =
    [
        "Je peux accompagner sur {0}.",
        "Je peux partager mon expérience sur {0}.",
        "J'aimerais transmettre ce que j'ai appris sur {0}.",
        "Mon expérience peut être utile sur {0}.",
    ];

    public static IReadOnlyList<string> MentorFollowUpEnglish { get; } =
    [
        "I can also support you on {0}.",
        "Other areas: {0}.",
        "I am also comfortable discussing {0}.",
    ];

    public static IReadOnlyList<string> MentorFollowUpFrench { get; } =
    [
        "Je peux aussi aider sur {0}.",
        "Autres sujets possibles : {0}.",
        "Je suis également à l'aise avec {0}.",
    ];

    // Closings name no topic, so they never change the topics read back from a text.
    public static IReadOnlyList<string> MenteeClosingEnglish { get; } =
    [
        "I can meet once or twice a month.",
        "I prefer video calls in the morning.",
        "Any advice is welcome!",
    ];

    public static IReadOnlyList<string> MenteeClosingFrench { get; } =
    [
        "Je suis disponible une à deux fois par mois.",
        "Je préfère les échanges en visio le matin.",
        "Tous les conseils sont les bienvenus !",
    ];

    public static IReadOnlyList<string> MentorClosingEnglish { get; } =
    [
        "I am available for regular video calls.",
        "I have mentored several colleagues before.",
        "I enjoy helping people find their own answers.",
    ];

    public static IReadOnlyList<string> MentorClosingFrench { get; } =
    [
        "Je suis disponible pour des échanges réguliers en visio.",
        "J'ai déjà accompagné plusieurs collègues.",
        "J'aime aider chacun à trouver ses propres réponses.",
    ];

    /// <summary>
    /// The topics a goals text names, as a bit mask over <see cref="Topics"/>: the inverse of
    /// <see cref="ComposeGoalsText"/>, which is why goals affinity counts as observable at the cut-off.
    /// </summary>
    public static int TopicsMentionedIn(string goalsText, Role role)
    {
        bool mentor = role == Role.Mentor;
        int mask = 0;
        for (int t = 0; t < Topics.Count; t++)
        {
            foreach (bool french in (ReadOnlySpan<bool>)[false, true])
            {
                foreach (string phrase in Topics[t].Phrases(mentor, french))
                {
                    if (goalsText.Contains(phrase, StringComparison.Ordinal))
                    {
                        mask |= 1 << t;
                    }
                }
            }
        }

        return mask;
    }

    private static int[] FirstSkills()
    {
        var first = new int[Topics.Count];
        int next = 0;
        for (int t = 0; t < Topics.Count; t++)
        {
            first[t] = next;
            next += Topics[t].Skills.Count;
        }

        return first;
    }
}
