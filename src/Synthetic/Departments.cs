namespace MatchModels.Synthetic;

/// <summary>A department and the topics its people pick three times as often as others.</summary>
internal sealed record Department(string Name, double Weight, IReadOnlyList<int> HomeTopics);

internal static class Departments
{
    /// <summary>How much more often a department's home topics are picked.</summary>
    public const double HomeTopicBoost = 3.0;

    public static IReadOnlyList<Department> All { get; } =
    [
        Make("Engineering", 0.18, "technical_architecture", "data_analytics"),
        Make("Product", 0.09, "product_management", "project_management"),
        Make("Data & Analytics", 0.08, "data_analytics", "technical_architecture"),
        Make("Sales", 0.13, "sales_client_relations", "negotiation"),
        Make("Marketing", 0.10, "public_speaking", "product_management"),
        Make("Finance", 0.10, "data_analytics", "negotiation"),
        Make("Human Resources", 0.08, "diversity_inclusion", "people_management"),
        Make("Operations", 0.13, "project_management", "work_life_balance"),
        Make("Legal", 0.05, "negotiation", "public_speaking"),
        Make("Customer Success", 0.06, "sales_client_relations", "work_life_balance"),
    ];

    private static Department Make(string name, double weight, params string[] topics) =>
        new(name, weight, topics.Select(TopicIds.IndexOf).ToArray());
}
