using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Semantics;

/// <summary>
/// Resolves names and constants and checks the rules the grammar cannot express: every name defined once, every
/// type and constant defined (in any order, as rpcgen allows), sizes and labels in range, union labels distinct,
/// procedure, version and program numbers 32-bit and distinct. Collects every error rather than stopping at the first.
/// </summary>
internal sealed partial class Binder
{
    private readonly Dictionary<string, TypeSymbol> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Int128> _constantValues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly List<XdrGenException> _errors = [];
    private readonly IReadOnlyDictionary<string, TypeBinding> _bindings;

    private readonly IReadOnlyDictionary<string, List<Token>> _passThroughDefines;

    public Binder(IReadOnlyDictionary<string, TypeBinding> bindings, IReadOnlyDictionary<string, List<Token>>? passThroughDefines = null)
    {
        _bindings = bindings;
        _passThroughDefines = passThroughDefines ?? new Dictionary<string, List<Token>>();
    }

    public IReadOnlyList<XdrGenException> Errors => _errors;

    public SemanticModel Bind(Specification specification)
    {
        var model = new SemanticModel();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        void Declare(string name, SourceLocation location)
        {
            if (!names.TryAdd(name, location))
            {
                Report(location, $"'{name}' is already defined at {names[name]}");
            }
        }

        // 'typedef struct foo foo;' is a C idiom some files carry; in XDR it names nothing new.
        var definitions = specification.Definitions
            .Where(d => d is not TypedefDefinition { Declaration: { Kind: DeclarationKind.Plain, Type.Name: string target } } t || target != t.Name)
            .ToList();

        // Pass 1: every name, so that types and constants can be used before their definition.
        foreach (Definition definition in definitions)
        {
            Declare(definition.Name, definition.Location);
            switch (definition)
            {
                case ConstDefinition c:
                    _constants[c.Name] = c;
                    break;
                case EnumDefinition e:
                    _types[e.Name] = _bindings.TryGetValue(e.Name, out TypeBinding? be) ? new BoundSymbol(be, e.Location) : new EnumSymbol(e);
                    foreach (EnumMember member in e.Members)
                    {
                        Declare(member.Name, member.Location);
                        _constants[member.Name] = (e, member);
                    }

                    break;
                case StructDefinition s:
                    _types[s.Name] = _bindings.TryGetValue(s.Name, out TypeBinding? bs) ? new BoundSymbol(bs, s.Location) : new StructSymbol(s);
                    break;
                case UnionDefinition u:
                    _types[u.Name] = _bindings.TryGetValue(u.Name, out TypeBinding? bu) ? new BoundSymbol(bu, u.Location) : new UnionSymbol(u);
                    break;
                case TypedefDefinition t:
                    _types[t.Name] = _bindings.TryGetValue(t.Name, out TypeBinding? bt) ? new BoundSymbol(bt, t.Location) : new TypedefSymbol(t);
                    break;
                case ProgramDefinition p:
                    // rpcgen makes program, version and procedure names C macros, and files use them as constants
                    // (rpcb_prot.x: const rpcb_highproc_2 = RPCBPROC_CALLIT). A procedure name may repeat across versions.
                    _constants[p.Name] = p.Number;
                    foreach (VersionDefinition version in p.Versions)
                    {
                        Declare(version.Name, version.Location);
                        _constants[version.Name] = version.Number;
                        foreach (ProcedureDefinition procedure in version.Procedures)
                        {
                            _constants.TryAdd(procedure.Name, procedure.Number);
                        }
                    }

                    break;
            }
        }

        // A binding may also name a type the file only uses (defined elsewhere).
        foreach (TypeBinding binding in _bindings.Values)
        {
            if (!_types.ContainsKey(binding.XdrName))
            {
                _types[binding.XdrName] = new BoundSymbol(binding, new SourceLocation("<command line>", 1, 1));
            }
        }

        // Typedefs first: list detection and union discriminants look through them, whatever the order.
        foreach (TypedefSymbol typedef in _types.Values.OfType<TypedefSymbol>())
        {
            BindType(typedef);
        }

        // Pass 2: resolve in source order.
        foreach (Definition definition in definitions)
        {
            switch (definition)
            {
                case ConstDefinition c:
                    model.Items.Add(new ResolvedConstant(c, c.Value.Text is null ? ConstantValue(c.Name, c.Location) : 0, c.Value.Text));
                    break;
                case ProgramDefinition p:
                    model.Items.Add(BindProgram(p));
                    break;
                default:
                    TypeSymbol symbol = _types[definition.Name];
                    if (symbol is BoundSymbol)
                    {
                        break;
                    }

                    if (symbol is not TypedefSymbol)
                    {
                        BindType(symbol);
                    }

                    model.Items.Add(symbol);
                    break;
            }
        }

        if (_errors.Count == 0)
        {
            RecursionAnalyzer.Analyze(model.Items.OfType<TypeSymbol>().ToList(), _errors);
        }

        return model;
    }

    private void BindType(TypeSymbol symbol)
    {
        switch (symbol)
        {
            case EnumSymbol e:
                BindEnum(e);
                break;
            case StructSymbol s:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (Declaration field in s.Definition.Fields)
                {
                    if (!seen.Add(field.Name!))
                    {
                        Report(field.Location, $"struct '{s.Name}' has two fields named '{field.Name}'");
                    }

                    s.Fields.Add(new Field(field.Name!, Resolve(field), field));
                }

                s.IsList = s.Fields.Count > 0 && Unalias(s.Fields[^1].Type) is OptionalType { Element: var element } && Unalias(element) is NamedType { Symbol: var target } && target == s;
                break;
            case UnionSymbol u:
                BindUnion(u);
                break;
            case TypedefSymbol t:
                t.Type = Resolve(t.Definition.Declaration);
                break;
        }
    }

    private void BindEnum(EnumSymbol e)
    {
        foreach (EnumMember member in e.Definition.Members)
        {
            e.Values.Add(new EnumValue(member.Name, (int)ConstantValue(member.Name, member.Location), member.Location));
        }
    }

    /// <summary>Follows typedefs to the type they name.</summary>
    public static XType Unalias(XType type)
    {
        for (int guard = 0; guard < 100 && type is NamedType { Symbol: TypedefSymbol t }; guard++)
        {
            type = t.Type;
        }

        return type;
    }

    private void Report(SourceLocation location, string message) => _errors.Add(new XdrGenException(location, message));
}
