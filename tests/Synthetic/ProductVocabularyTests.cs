using MatchModels.Core.Features;

namespace MatchModels.Synthetic.Tests;

/// <summary>
/// The product must not know the generator: no word list written by hand in the product may share a content word
/// (a word beyond the common function words of <see cref="ParaphraseOverlapTests"/>) with a phrase bank. The
/// product's one hand-written word list is <see cref="TextNormalisation.FunctionWords"/>; its French ↔ English
/// dictionary and its concepts are derived from ESCO, which neither side wrote, and FeaturePhrases only names
/// features for people, never reads data.
/// </summary>
public sealed class ProductVocabularyTests
{
    public static TheoryData<string> BankNames => new() { Banks.BuiltInName, Banks.ParaphraseName };

    [Theory]
    [MemberData(nameof(BankNames))]
    public void The_products_word_lists_share_no_content_word_with_a_phrase_bank(string bank) =>
        Assert.Empty(Overlap(TextNormalisation.FunctionWords, ParaphraseOverlapTests.ContentWords(bank)));

    [Fact]
    public void The_check_finds_a_topic_word_in_a_product_list() =>
        Assert.Equal(["negotiate"], Overlap(["the", "negotiate", "zzzz"], ParaphraseOverlapTests.ContentWords(Banks.BuiltInName)));

    private static List<string> Overlap(IEnumerable<string> productList, HashSet<string> bankContentWords) =>
        productList.Where(bankContentWords.Contains).Order(StringComparer.Ordinal).ToList();
}
