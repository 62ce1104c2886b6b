using MatchModels.Core.Features;
using MatchModels.Core.Features.Esco;

namespace MatchModels.Core.Tests.Features.Esco;

public sealed class EscoTranslationsTests
{
    private static EscoSkill Skill(string id, string english, string french, params string[] broader) =>
        new(id, Knowledge: false, [english], [french], broader);

    [Fact]
    public void A_french_term_that_keeps_meeting_one_english_term_is_its_translation()
    {
        // Stems: negoci/negoti on skills 1 and 2, contrat/contract on 1 and 3. Each Dice is 2·2 / (2 + 2) = 1;
        // prix and redig meet their partners once, below MinCooccurrences.
        IReadOnlyDictionary<string, string> d = EscoTranslations.Induce(
        [
            Skill("1", "negotiate contracts", "négocier des contrats"),
            Skill("2", "negotiate prices", "négocier les prix"),
            Skill("3", "draft contracts", "rédiger des contrats"),
        ]);

        Assert.Equal(new Dictionary<string, string> { ["contrat"] = "contract", ["negoci"] = "negoti" }, d);
    }

    [Fact]
    public void A_weak_association_is_not_a_translation()
    {
        // contrat stands on all six French labels; contract on two English ones, leases on four.
        IReadOnlyDictionary<string, string> d = EscoTranslations.Induce(
        [
            Skill("1", "negotiate contracts", "négocier des contrats"),
            Skill("2", "draft contracts", "rédiger des contrats"),
            Skill("3", "review leases", "examiner des contrats"),
            Skill("4", "sign leases", "signer des contrats"),
            Skill("5", "archive leases", "archiver des contrats"),
            Skill("6", "print leases", "imprimer des contrats"),
        ]);

        // c(contrat) = 6, c(lease) = 4, joint 4: Dice = 8 / 10 = 0.8 beats contract's 2·2 / (6 + 2) = 0.5.
        Assert.Equal("leas", d["contrat"]);
    }

    [Fact]
    public void A_stem_english_labels_use_as_well_is_left_alone()
    {
        IReadOnlyDictionary<string, string> d = EscoTranslations.Induce(
        [
            Skill("1", "public budget", "budget public"),
            Skill("2", "public speaking", "parler en public"),
        ]);

        Assert.False(d.ContainsKey("public"));
        Assert.False(d.ContainsKey("budget"));
    }

    [Fact]
    public void The_esco_dictionary_brings_french_goals_onto_english_terms()
    {
        List<string> fr = TextNormalisation.Terms("négocier des contrats avec les fournisseurs");
        List<string> en = TextNormalisation.Terms("negotiate contracts with suppliers");

        Assert.Equal(en, fr);
    }
}
