namespace MatchModels.Synthetic;

/// <summary>A phrase bank that cannot be used: the message names the file, the place in it and what is wrong.</summary>
public sealed class PhraseBankException : Exception
{
    public PhraseBankException(string message)
        : base(message)
    {
    }

    public PhraseBankException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PhraseBankException()
    {
    }
}
