namespace MatchModels.Core.Registry;

/// <summary>What kind of registry failure it is, so an API can answer it without reading the message.</summary>
public enum RegistryFailure
{
    /// <summary>The operation cannot be done as asked (an alias on a version about to be deleted, a bad import).</summary>
    Refused,

    /// <summary>A model name, alias or reference that is not well formed.</summary>
    InvalidReference,

    /// <summary>No such model, version or alias.</summary>
    NotFound,

    /// <summary>The version exists but its files fail the registry's checks (a digest, a missing file, a damaged aliases.json).</summary>
    Damaged,
}

/// <summary>
/// A registry operation that cannot be done as asked (an unknown model or version, a digest that does not
/// match, an alias on a version about to be deleted). <see cref="Exception.Message"/> names what was expected and
/// what was found, paths included, for the operator; <see cref="CallerMessage"/> is what an API caller may read:
/// no server paths and no other models' names.
/// </summary>
public sealed class RegistryException(string message, RegistryFailure failure = RegistryFailure.Refused, string? callerMessage = null) : Exception(message)
{
    public RegistryFailure Failure { get; } = failure;

    public string CallerMessage { get; } = callerMessage ?? (failure == RegistryFailure.Damaged
        ? "this model version failed the registry's integrity checks and cannot be served; the request id locates the details in the server's log"
        : message);
}
