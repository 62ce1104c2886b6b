using MatchModels.Serving;

// `dotnet run --project src/Serving` and `matchmodels serve` build the same host.
WebApplication app = ServingHost.Build(args);
await app.RunAsync();

/// <summary>The entry point, public so WebApplicationFactory can start the real host in tests.</summary>
public partial class Program;
