namespace MatchModels.Core.ApiKeys;

/// <summary>A keys-file operation the user can fix: unknown name, duplicate name, unknown scope, unreadable file.</summary>
public sealed class ApiKeyException(string message) : Exception(message);
