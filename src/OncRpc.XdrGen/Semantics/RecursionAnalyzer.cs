using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Semantics;

/// <summary>
/// Marks the types that can contain themselves, whose reads are then bounded by
/// <c>XdrReaderOptions.MaxDepth</c>. A list's next pointer does not count: lists are read in a loop. A type that
/// contains itself without any optional or variable-length step would be infinitely large, and is an error.
/// </summary>
internal static class RecursionAnalyzer
{
    public static void Analyze(List<TypeSymbol> symbols, List<XdrGenException> errors)
    {
        foreach (TypeSymbol symbol in symbols)
        {
            if (symbol is StructSymbol or UnionSymbol)
            {
                symbol.IsRecursive = Reaches(symbol, symbol, mandatoryOnly: false);
                if (symbol.IsRecursive && Reaches(symbol, symbol, mandatoryOnly: true))
                {
                    errors.Add(new XdrGenException(symbol.Location, $"'{symbol.Name}' contains itself without an optional (*) or variable-length step, so it has no finite encoding"));
                }
            }
        }
    }

    private static bool Reaches(TypeSymbol from, TypeSymbol target, bool mandatoryOnly)
    {
        var visited = new HashSet<TypeSymbol>();
        var stack = new Stack<TypeSymbol>();
        foreach (TypeSymbol next in Children(from, mandatoryOnly))
        {
            stack.Push(next);
        }

        while (stack.Count > 0)
        {
            TypeSymbol current = stack.Pop();
            if (current == target)
            {
                return true;
            }

            if (visited.Add(current))
            {
                foreach (TypeSymbol next in Children(current, mandatoryOnly))
                {
                    stack.Push(next);
                }
            }
        }

        return false;
    }

    private static IEnumerable<TypeSymbol> Children(TypeSymbol symbol, bool mandatoryOnly)
    {
        IEnumerable<XType> types = symbol switch
        {
            StructSymbol s => (s.IsList ? s.Fields.Take(s.Fields.Count - 1) : s.Fields).Select(f => f.Type),
            UnionSymbol u => u.Arms.Append(u.Default).Where(a => a?.Field is not null).Select(a => a!.Field!.Type),
            TypedefSymbol t => [t.Type],
            _ => [],
        };

        // A union always has some arm; mandatory containment through one arm is not infinite if another arm is
        // finite, so unions only take part in the "infinite" check through their single arm.
        if (mandatoryOnly && symbol is UnionSymbol union && union.Arms.Count + (union.Default is null ? 0 : 1) > 1)
        {
            return [];
        }

        return types.SelectMany(t => Named(t, mandatoryOnly));
    }

    private static IEnumerable<TypeSymbol> Named(XType type, bool mandatoryOnly)
    {
        switch (type)
        {
            case NamedType n:
                yield return n.Symbol;
                break;
            case ArrayType a when !mandatoryOnly || (a.Fixed && a.Size > 0):
                foreach (TypeSymbol s in Named(a.Element, mandatoryOnly))
                {
                    yield return s;
                }

                break;
            case OptionalType o when !mandatoryOnly:
                foreach (TypeSymbol s in Named(o.Element, mandatoryOnly))
                {
                    yield return s;
                }

                break;
        }
    }
}
