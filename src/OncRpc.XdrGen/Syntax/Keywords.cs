namespace OncRpc.XdrGen.Syntax;

/// <summary>The reserved words of the XDR and RPC languages and the built-in type names rpcgen accepts.</summary>
internal static class Keywords
{
    private static readonly HashSet<string> Reserved =
    [
        "bool", "case", "const", "default", "double", "quadruple", "enum", "float", "hyper", "int", "opaque", "string",
        "struct", "switch", "typedef", "union", "unsigned", "void", "program", "version", "long", "short", "char",
    ];

    public static bool IsReserved(string word) => Reserved.Contains(word);

    /// <summary>Maps a single-word built-in type (and rpcgen's C spellings) to its XDR type, or None.</summary>
    public static BuiltinType Builtin(string word) => word switch
    {
        // XDR has no 8- or 16-bit types: rpcgen encodes char and short as 4-byte integers, as xdr_char/xdr_short do.
        "int" or "long" or "short" or "char" or "int32_t" => BuiltinType.Int,
        "uint32_t" or "u_int" or "u_long" or "u_short" or "u_char" or "u_int32_t" => BuiltinType.UnsignedInt,
        "hyper" or "int64_t" or "quad_t" or "longlong_t" => BuiltinType.Hyper,
        "uint64_t" or "u_quad_t" or "u_longlong_t" or "u_int64_t" => BuiltinType.UnsignedHyper,
        "float" => BuiltinType.Float,
        "double" => BuiltinType.Double,
        "quadruple" => BuiltinType.Quadruple,
        "bool" or "bool_t" => BuiltinType.Bool,
        "string" => BuiltinType.String,
        "opaque" => BuiltinType.Opaque,
        "void" => BuiltinType.Void,
        _ => BuiltinType.None,
    };
}
