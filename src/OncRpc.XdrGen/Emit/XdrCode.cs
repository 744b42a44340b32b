using System.Globalization;
using OncRpc.XdrGen.Semantics;
using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Emit;

/// <summary>
/// Generates the statements that read, write and size one value of a resolved type, as direct XdrReader and
/// XdrWriter calls: loops for arrays, no codec interface calls except for bound types, no allocation on write.
/// </summary>
internal sealed class XdrCode(EmitContext context, CodeWriter w)
{
    private const string Xdr = EmitContext.Xdr;

    /// <summary>Emits any statements needed and returns an expression that reads the value (evaluate it once, next).</summary>
    public string Read(XType type, string what)
    {
        switch (type)
        {
            case PrimitiveType p:
                return p.Kind switch
                {
                    BuiltinType.Int => "reader.ReadInt32()",
                    BuiltinType.UnsignedInt => "reader.ReadUInt32()",
                    BuiltinType.Hyper => "reader.ReadInt64()",
                    BuiltinType.UnsignedHyper => "reader.ReadUInt64()",
                    BuiltinType.Float => "reader.ReadSingle()",
                    BuiltinType.Double => "reader.ReadDouble()",
                    BuiltinType.Bool => "reader.ReadBoolean()",
                    _ => "reader.ReadFixedOpaque(16).ToArray()",
                };
            case StringType s:
                return $"reader.ReadString({Max(s.Max)})";
            case OpaqueType { Fixed: true } o:
                return $"reader.ReadFixedOpaque({o.Size ?? 0}).ToArray()";
            case OpaqueType o:
                return $"reader.ReadOpaqueArray({Max(o.Size)})";
            case NamedType { Symbol: BoundSymbol b }:
                return $"{b.Binding.CodecExpression}.Read(ref reader)";
            case NamedType n:
                return $"{context.HostName(n.Symbol)}.ReadXdr(ref reader)";
            case ArrayType a:
                return ReadArray(a, what);
            case OptionalType o:
                {
                    string local = w.Local("optional");
                    w.Line($"{context.CSharpType(o)} {local} = null;");
                    w.Open("if (reader.ReadBoolean())");
                    string value = Read(o.Element, what);
                    w.Line($"{local} = {value};");
                    w.Close();
                    return local;
                }

            default:
                throw new InvalidOperationException($"cannot read {type}");
        }
    }

    private string ReadArray(ArrayType a, string what)
    {
        string elementType = context.CSharpType(a.Element);
        string count = w.Local("count");
        string array = w.Local("array");
        if (a.Fixed)
        {
            int n = a.Size ?? 0;
            w.Line($"const int {count} = {n};");
            int minimum = context.FixedSize(a.Element) is int size && size > 0 ? size : 4;

            // Checked before allocating: each element takes at least its minimum size on the wire.
            w.Open($"if ({count} > reader.BytesRemaining / {minimum})");
            w.Line($"throw new {Xdr}XdrException($\"The fixed array {Naming.Xml(what).Replace("\"", "'", StringComparison.Ordinal)} at offset {{reader.Position}} has {{{count}}} elements but only {{reader.BytesRemaining}} bytes remain.\", reader.Position, {Xdr}XdrError.Truncated);");
            w.Close();
        }
        else
        {
            w.Line($"int {count} = reader.ReadArrayCount({Max(a.Size)});");
        }

        w.Line($"{elementType}[] {array} = {count} == 0 ? global::System.Array.Empty<{elementType}>() : {NewArray(elementType, count)};");
        string index = w.Local("i");
        w.Open($"for (int {index} = 0; {index} < {array}.Length; {index}++)");
        string element = Read(a.Element, what);
        w.Line($"{array}[{index}] = {element};");
        w.Close();
        return array;
    }

    /// <summary>Emits statements writing <paramref name="value"/> (an expression without side effects).</summary>
    public void Write(XType type, string value, string what)
    {
        switch (type)
        {
            case PrimitiveType p when p.Kind == BuiltinType.Quadruple:
                WriteFixedOpaque(value, 16, what);
                return;
            case PrimitiveType p:
                w.Line(p.Kind switch
                {
                    BuiltinType.Int => $"writer.WriteInt32({value});",
                    BuiltinType.UnsignedInt => $"writer.WriteUInt32({value});",
                    BuiltinType.Hyper => $"writer.WriteInt64({value});",
                    BuiltinType.UnsignedHyper => $"writer.WriteUInt64({value});",
                    BuiltinType.Float => $"writer.WriteSingle({value});",
                    BuiltinType.Double => $"writer.WriteDouble({value});",
                    _ => $"writer.WriteBoolean({value});",
                });
                return;
            case StringType s:
                w.Line($"writer.WriteString({value}, {Max(s.Max)});");
                return;
            case OpaqueType { Fixed: true } o:
                WriteFixedOpaque(value, o.Size ?? 0, what);
                return;
            case OpaqueType o:
                w.Line($"writer.WriteOpaque({value}, {Max(o.Size)});");
                return;
            case NamedType { Symbol: BoundSymbol b }:
                w.Line($"{b.Binding.CodecExpression}.Write(ref writer, {value});");
                return;
            case NamedType n:
                w.Line($"{context.HostName(n.Symbol)}.WriteXdr(ref writer, {value});");
                return;
            case ArrayType a:
                {
                    string array = w.Local("array");
                    w.Line($"{context.CSharpType(a)} {array} = {value};");
                    if (a.Fixed)
                    {
                        CheckLength($"{array}.Length != {a.Size ?? 0}", $"must have exactly {a.Size ?? 0} elements", what);
                    }
                    else
                    {
                        if (a.Size is int max)
                        {
                            CheckLength($"{array}.Length > {max}", $"has at most {max} elements", what);
                        }

                        w.Line($"writer.WriteUInt32((uint){array}.Length);");
                    }

                    string element = w.Local("element");
                    w.Open($"foreach ({context.CSharpType(a.Element)} {element} in {array})");
                    Write(a.Element, element, what);
                    w.Close();
                    return;
                }

            case OptionalType o:
                {
                    string present = w.Local("present");
                    w.Open($"if ({value} is {{ }} {present})");
                    w.Line("writer.WriteBoolean(true);");
                    Write(o.Element, present, what);
                    w.Close();
                    w.Open("else");
                    w.Line("writer.WriteBoolean(false);");
                    w.Close();
                    return;
                }

            default:
                throw new InvalidOperationException($"cannot write {type}");
        }
    }

    /// <summary>Returns an int expression for the encoded size, emitting statements first when a loop is needed.</summary>
    public string Size(XType type, string value)
    {
        if (context.FixedSize(type) is int fixedSize)
        {
            return fixedSize.ToString(CultureInfo.InvariantCulture);
        }

        switch (type)
        {
            case StringType:
                return $"{Xdr}XdrSize.String({value})";
            case OpaqueType:
                return $"{Xdr}XdrSize.Opaque({value}.Length)";
            case NamedType { Symbol: BoundSymbol b }:
                return $"{b.Binding.CodecExpression}.GetEncodedSize({value})";
            case NamedType n:
                return $"{context.HostName(n.Symbol)}.GetEncodedSize({value})";
            case ArrayType a when context.FixedSize(a.Element) is int element:
                return $"4 + ({value}.Length * {element})";
            case ArrayType a:
                {
                    string size = w.Local("size");
                    string item = w.Local("element");
                    w.Line($"int {size} = {(a.Fixed ? 0 : 4)};");
                    w.Open($"foreach ({context.CSharpType(a.Element)} {item} in {value})");
                    string elementSize = Size(a.Element, item);
                    w.Line($"{size} += {elementSize};");
                    w.Close();
                    return size;
                }

            case OptionalType o:
                {
                    string size = w.Local("size");
                    string present = w.Local("present");
                    w.Line($"int {size} = 4;");
                    w.Open($"if ({value} is {{ }} {present})");
                    string elementSize = Size(o.Element, present);
                    w.Line($"{size} += {elementSize};");
                    w.Close();
                    return size;
                }

            default:
                throw new InvalidOperationException($"cannot size {type}");
        }
    }

    /// <summary>The default value of a field: empty, zero, the first enum value, the first union arm.</summary>
    public string DefaultValue(XType type)
    {
        switch (type)
        {
            case PrimitiveType { Kind: BuiltinType.Quadruple }:
                return "new byte[16]";
            case PrimitiveType { Kind: BuiltinType.Bool }:
                return "false";
            case PrimitiveType:
                return "0";
            case StringType:
                return "string.Empty";
            case OpaqueType { Fixed: true, Size: int n } when n > 0:
                return $"new byte[{n}]";
            case OpaqueType:
                return "global::System.Array.Empty<byte>()";
            case ArrayType { Fixed: true, Size: int n } a when n > 0 && !context.IsValueType(a.Element) && Binder.Unalias(a.Element) is not OptionalType && n <= 32:
                // Small fixed arrays of strings, structs, unions: every element filled, so the default encodes.
                return $"new {context.CSharpType(a)} {{ {string.Join(", ", Enumerable.Repeat(DefaultValue(a.Element), n))} }}";
            case ArrayType { Fixed: true, Size: int n } a when n > 0:
                return NewArray(context.CSharpType(a.Element), n.ToString(CultureInfo.InvariantCulture));
            case ArrayType a:
                return $"global::System.Array.Empty<{context.CSharpType(a.Element)}>()";
            case OptionalType:
                return "null";
            case NamedType { Symbol: TypedefSymbol t }:
                return DefaultValue(t.Type);
            case NamedType { Symbol: EnumSymbol e }:
                return e.Values.Count > 0 ? $"{context.TypeName(e)}.{EnumWriter.MemberName(e, 0)}" : "default";
            case NamedType { Symbol: StructSymbol s }:
                return $"new {context.TypeName(s)}()";
            case NamedType { Symbol: UnionSymbol u }:
                return UnionWriter.DefaultInstance(context, u);
            default:
                return "default!";
        }
    }

    public static string NewArray(string elementType, string count)
    {
        int bracket = elementType.IndexOf("[]", StringComparison.Ordinal);
        return bracket < 0 ? $"new {elementType}[{count}]" : $"new {elementType[..bracket]}[{count}]{elementType[bracket..]}";
    }

    private static string Max(int? max) => max is int m ? m.ToString(CultureInfo.InvariantCulture) : "int.MaxValue";

    private void WriteFixedOpaque(string value, int length, string what)
    {
        CheckLength($"{value}.Length != {length}", $"must be exactly {length} bytes", what);
        w.Line($"writer.WriteFixedOpaque({value});");
    }

    private void CheckLength(string condition, string rule, string what)
    {
        w.Open($"if ({condition})");
        w.Line($"throw new global::System.ArgumentException({Naming.Literal($"{what} {rule}.")}, \"value\");");
        w.Close();
    }
}
