namespace MatchModels.Core.Features;

/// <summary>
/// Maps French career-development vocabulary onto English, so that a French goals text and an English profile
/// about the same subject share terms. Programmes here are bilingual: without this, "prise de parole" and
/// "public speaking" have a TF-IDF cosine of zero. Multi-word expressions are replaced first, then single
/// words; input is lower case with accents already removed (<see cref="TextNormalisation.RemoveAccents"/>).
/// The list is this project's own, built from common HR and mentoring vocabulary; extend it as programmes need.
/// </summary>
public static class BilingualLexicon
{
    /// <summary>Longer expressions first, so that "gestion de projet" wins over "gestion".</summary>
    public static IReadOnlyList<(string French, string English)> Phrases { get; } =
    [
        ("apprentissage automatique", "machine learning"),
        ("intelligence artificielle", "artificial intelligence"),
        ("prise de parole", "public speaking"),
        ("parler en public", "public speaking"),
        ("feuille de route", "roadmap"),
        ("feuilles de route", "roadmap"),
        ("gestion de produit", "product management"),
        ("gestion de projet", "project management"),
        ("gestion de projets", "project management"),
        ("gestion du temps", "time management"),
        ("gestion du stress", "stress management"),
        ("gestion des risques", "risk management"),
        ("conduite du changement", "change management"),
        ("mobilite interne", "internal mobility"),
        ("vie professionnelle", "work"),
        ("vie personnelle", "life"),
        ("qualite de vie", "wellbeing"),
        ("recherche utilisateur", "user research"),
        ("relation client", "client relations"),
        ("relations clients", "client relations"),
        ("service client", "customer service"),
        ("prise de decision", "decision making"),
        ("resolution de conflits", "conflict resolution"),
        ("comite de direction", "executive committee"),
        ("marque personnelle", "personal branding"),
        ("analyse de donnees", "data analysis"),
        ("science des donnees", "data science"),
        ("architecture technique", "technical architecture"),
        ("conception de systemes", "system design"),
        ("diversite et inclusion", "diversity inclusion"),
    ];

    /// <summary>Single words, as "french=english" pairs: one table a reviewer can read at a glance.</summary>
    private const string WordPairs =
        "affirmer=assert agile=agile agiles=agile analyse=analysis analyser=analyse apprentissage=learning " +
        "assurance=confidence auditoire=audience audience=audience besoins=needs biais=bias budget=budget " +
        "carriere=career changement=change client=client clients=client coach=coaching coacher=coaching " +
        "commercial=sales commerciale=sales communication=communication confiance=confidence " +
        "conflit=conflict conflits=conflict convaincre=persuade convaincant=persuasive competences=skills " +
        "decision=decision decisions=decision delais=deadlines delegation=delegation deleguer=delegate " +
        "diversite=diversity donnees=data droit=law encadrement=management entretien=interview " +
        "entretiens=interview equilibre=balance equipe=team equipes=team equite=equity egalite=equality " +
        "evolution=career finance=finance financiere=finance gerer=manage gestion=management histoire=story " +
        "inclusion=inclusion inclusif=inclusive influence=influence influencer=influence " +
        "innovation=innovation leader=leader leadership=leadership logiciel=software logiciels=software " +
        "management=management manager=manager mentorat=mentoring methodes=methods mobilite=mobility " +
        "negociation=negotiation negocier=negotiate objectifs=goals organisation=organisation " +
        "orales=presentation oral=presentation piloter=lead planification=planning poste=role postes=role " +
        "presentation=presentation presentations=presentation priorisation=prioritisation " +
        "prioriser=prioritise priorites=priorities produit=product produits=product projet=project " +
        "projets=project promotion=promotion raconter=storytelling recrutement=hiring recruter=hiring " +
        "reseau=networking retours=feedback reunion=meeting reunions=meeting risques=risk securite=security " +
        "strategie=strategy strategique=strategic stress=stress systemes=systems technique=technical " +
        "techniques=techniques temps=time utilisateurs=users vente=sales ventes=sales " +
        "visualisation=visualisation visualiser=visualisation datavisualisation=visualisation cloud=cloud " +
        "architecture=architecture";

    public static IReadOnlyDictionary<string, string> Words { get; } = WordPairs
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('='))
        .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>Rewrites French expressions and words of an accent-free, lower-case text into English ones.</summary>
    public static string ToEnglish(string folded)
    {
        foreach ((string fr, string en) in Phrases)
        {
            if (folded.Contains(fr, StringComparison.Ordinal))
            {
                folded = folded.Replace(fr, en, StringComparison.Ordinal);
            }
        }

        return folded;
    }

    public static string WordToEnglish(string token) => Words.TryGetValue(token, out string? en) ? en : token;
}
