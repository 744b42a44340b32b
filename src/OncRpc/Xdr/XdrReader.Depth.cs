namespace OncRpc.Xdr;

/// <summary>Nesting depth, for codecs of types that can contain themselves.</summary>
public ref partial struct XdrReader
{
    /// <summary>Gets the number of <see cref="EnterNested"/> calls not yet matched by <see cref="ExitNested"/>.</summary>
    public readonly int Depth => _depth;

    /// <summary>
    /// Records that a codec starts reading a value that may contain values of its own type (a tree, or a union
    /// with an arm of its own type); throws once the nesting exceeds <see cref="XdrReaderOptions.MaxDepth"/>, so
    /// that hostile input cannot exhaust the stack. Pair every call with <see cref="ExitNested"/>, in a
    /// <see langword="finally"/> block. Linked lists need no depth: read them in a loop.
    /// </summary>
    /// <exception cref="XdrException">The nesting is deeper than <see cref="XdrReaderOptions.MaxDepth"/> (<see cref="XdrError.LimitExceeded"/>).</exception>
    public void EnterNested()
    {
        int limit = Options.MaxDepth;
        if (_depth >= limit)
        {
            throw new XdrException($"The value at offset {_position} is nested more than {limit} levels deep.", _position, XdrError.LimitExceeded);
        }

        _depth++;
    }

    /// <summary>Records that a codec finished a value started with <see cref="EnterNested"/>.</summary>
    /// <exception cref="InvalidOperationException">No <see cref="EnterNested"/> call is open.</exception>
    public void ExitNested()
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("ExitNested was called more often than EnterNested.");
        }

        _depth--;
    }
}
