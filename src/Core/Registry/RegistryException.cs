namespace MatchModels.Core.Registry;

/// <summary>
/// A registry operation that cannot be done as asked (an unknown model or version, a digest that does not
/// match, an alias on a version about to be deleted). The message names what was expected and what was found.
/// </summary>
public sealed class RegistryException(string message) : Exception(message);
