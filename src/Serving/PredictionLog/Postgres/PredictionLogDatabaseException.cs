namespace MatchModels.Serving.PredictionLog.Postgres;

/// <summary>
/// The prediction log's database cannot be used at start (a malformed connection string, an unreachable server, a
/// refused login, a schema newer than this build). The message names the server, database and user, never the password.
/// </summary>
public sealed class PredictionLogDatabaseException(string message, Exception? inner = null) : Exception(message, inner);
