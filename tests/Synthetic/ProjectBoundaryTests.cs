using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MatchModels.Synthetic.Tests;

/// <summary>
/// The product must never know how the synthetic data was made (DESIGN.md, "Layout"): no product project may
/// reference the generator's project, give it or its tests access to internals, import its namespace, or pull in
/// its sources or phrase banks. Only the CLI and tests may.
/// </summary>
public sealed partial class ProjectBoundaryTests
{
    /// <summary>The product projects; Monitoring may not exist yet, and a missing one is skipped.</summary>
    private static readonly string[] s_productProjects = ["src/Core", "src/Training", "src/Serving", "src/Monitoring"];

    [Fact]
    public void No_product_project_references_the_generator()
    {
        var checkedFiles = new List<string>();
        foreach (string dir in s_productProjects.Select(d => Path.Combine(RepoPaths.Root, d)).Where(Directory.Exists))
        {
            checkedFiles.AddRange(Directory.GetFiles(dir, "*.csproj"));
        }

        Assert.True(checkedFiles.Count > 0, $"no project file found under {string.Join(", ", s_productProjects)}: the check would check nothing");

        // MSBuild imports these into every project, the product ones included.
        checkedFiles.AddRange(new[] { "Directory.Build.props", "Directory.Build.targets", "src/Directory.Build.props", "src/Directory.Build.targets" }
            .Select(f => Path.Combine(RepoPaths.Root, f)).Where(File.Exists));
        foreach (string file in checkedFiles)
        {
            Assert.True(GeneratorReferences(File.ReadAllText(file)).Count == 0, $"{file} refers to the generator: {string.Join("; ", GeneratorReferences(File.ReadAllText(file)))}");
        }
    }

    [Theory]
    [InlineData("""<ItemGroup><ProjectReference Include="../Synthetic/MatchModels.Synthetic.csproj" /></ItemGroup>""")]
    [InlineData("""<ItemGroup><ProjectReference Include="..\Synthetic\MatchModels.Synthetic.csproj" /></ItemGroup>""")]
    [InlineData("""<ItemGroup><InternalsVisibleTo Include="MatchModels.Synthetic" /></ItemGroup>""")]
    [InlineData("""<ItemGroup><InternalsVisibleTo Include="MatchModels.Synthetic.Tests" /></ItemGroup>""")]
    [InlineData("""<ItemGroup><Using Include="MatchModels.Synthetic" /></ItemGroup>""")]
    [InlineData("""<ItemGroup><Compile Include="../Synthetic/*.cs" Link="Synthetic/%(Filename)%(Extension)" /></ItemGroup>""")]
    [InlineData("""<ItemGroup><EmbeddedResource Include="../../data/synthetic/phrases.json" /></ItemGroup>""")]
    [InlineData("""<ItemGroup><Reference Include="MatchModels.Synthetic"><HintPath>../Synthetic/bin/MatchModels.Synthetic.dll</HintPath></Reference></ItemGroup>""")]
    public void The_check_catches_a_project_that_references_the_generator(string items)
    {
        string project = $"""<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><AssemblyName>MatchModels.Core</AssemblyName></PropertyGroup>{items}</Project>""";

        Assert.NotEmpty(GeneratorReferences(project));
    }

    [Fact]
    public void The_check_passes_a_project_that_only_mentions_the_generator_in_a_comment()
    {
        const string project = """
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- Not MatchModels.Synthetic: the product never knows the generator. -->
              <ItemGroup>
                <ProjectReference Include="../Core/MatchModels.Core.csproj" />
                <EmbeddedResource Include="../../data/schemas/*.schema.json" LogicalName="schemas/%(Filename)%(Extension)" />
                <InternalsVisibleTo Include="MatchModels.Core.Tests" />
              </ItemGroup>
            </Project>
            """;

        Assert.Empty(GeneratorReferences(project));
    }

    /// <summary>Every attribute value or text of the project that names the generator's assembly, namespace, folder or data.</summary>
    internal static List<string> GeneratorReferences(string projectXml)
    {
        var found = new List<string>();
        foreach (XElement e in XDocument.Parse(projectXml).Descendants())
        {
            found.AddRange(e.Attributes().Where(a => NamesGenerator().IsMatch(a.Value)).Select(a => $"<{e.Name.LocalName} {a.Name}=\"{a.Value}\">"));
            found.AddRange(e.Nodes().OfType<XText>().Where(t => NamesGenerator().IsMatch(t.Value)).Select(t => $"<{e.Name.LocalName}>{t.Value.Trim()}"));
        }

        return found;
    }

    /// <summary>"Synthetic" as a whole segment of a path or dotted name: MatchModels.Synthetic, ../Synthetic/, data/synthetic/.</summary>
    [GeneratedRegex(@"(^|[/\\.])synthetic([/\\.]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamesGenerator();
}
