namespace OncRpc.XdrGen.Emit;

/// <summary>Hands out distinct names in one C# scope, suffixing a name that is taken (<c>Foo</c>, <c>FooValue</c>, <c>FooValue2</c>).</summary>
internal sealed class NameScope
{
    // Members every generated class has, or inherits from object: a field with one of these names is renamed.
    public static readonly string[] TypeMembers = ["Codec", "GetEncodedSize", "ReadXdr", "WriteXdr", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals"];

    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public NameScope(params IEnumerable<string> reserved)
    {
        foreach (string name in reserved)
        {
            _taken.Add(name);
        }
    }

    public string Take(string wanted)
    {
        if (_taken.Add(wanted))
        {
            return wanted;
        }

        string candidate = wanted + "Value";
        for (int i = 2; !_taken.Add(candidate); i++)
        {
            candidate = wanted + "Value" + i;
        }

        return candidate;
    }

    public bool IsTaken(string name) => _taken.Contains(name);
}
