using System.Reflection;
using System.Text;

namespace OncRpc.Testing;

/// <summary>Writes the public surface of an assembly as sorted lines of text, for a checked-in API listing.</summary>
public static class PublicApiListing
{
    public static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (Type type in assembly.GetExportedTypes())
        {
            string typeName = TypeName(type);
            lines.Add($"{Kind(type)} {typeName}{BaseList(type)}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MemberInfo member in type.GetMembers(flags))
            {
                string? text = Member(member);
                if (text is not null)
                {
                    lines.Add($"{typeName}::{text}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (string line in lines)
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    private static string Kind(Type type) =>
        type.IsInterface ? "interface" :
        type.IsEnum ? "enum" :
        type.IsValueType ? (type.IsByRefLike ? "ref struct" : type.GetCustomAttributes().Any(a => a.GetType().Name == "IsReadOnlyAttribute") ? "readonly struct" : "struct") :
        typeof(Delegate).IsAssignableFrom(type) ? "delegate" :
        type.IsAbstract && type.IsSealed ? "static class" :
        type.IsAbstract ? "abstract class" :
        type.IsSealed ? "sealed class" : "class";

    private static string BaseList(Type type)
    {
        var parts = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
        {
            parts.Add(TypeName(b));
        }

        parts.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(TypeName).OrderBy(s => s, StringComparer.Ordinal));
        return parts.Count == 0 ? string.Empty : " : " + string.Join(", ", parts);
    }

    private static string? Member(MemberInfo member)
    {
        switch (member)
        {
            case ConstructorInfo c:
                return $"ctor({Params(c.GetParameters())})";
            case MethodInfo m when !m.IsSpecialName:
                string generic = m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
                return $"{(m.IsStatic ? "static " : string.Empty)}{(m.IsAbstract && !m.DeclaringType!.IsInterface ? "abstract " : m.IsVirtual && !m.IsFinal && !m.DeclaringType!.IsInterface ? "virtual " : string.Empty)}{TypeName(m.ReturnType)} {m.Name}{generic}({Params(m.GetParameters())})";
            case PropertyInfo p:
                var acc = new List<string>();
                if (p.GetMethod is { IsPublic: true } g)
                {
                    acc.Add(g.IsStatic ? "static get" : "get");
                }

                if (p.SetMethod is { IsPublic: true } s)
                {
                    acc.Add(s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init" : "set");
                }

                string index = p.GetIndexParameters().Length > 0 ? "[" + Params(p.GetIndexParameters()) + "]" : string.Empty;
                return $"{TypeName(p.PropertyType)} {p.Name}{index} {{ {string.Join("; ", acc)} }}";
            case FieldInfo f when f.DeclaringType!.IsEnum:
                return f.IsStatic ? $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}" : null;
            case FieldInfo f:
                return $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{(f.IsInitOnly ? "readonly " : string.Empty)}{TypeName(f.FieldType)} {f.Name}";
            case EventInfo e:
                return $"event {TypeName(e.EventHandlerType!)} {e.Name}";
            case Type:
                return null; // nested types are listed on their own
            default:
                return null;
        }
    }

    private static string Params(ParameterInfo[] ps) =>
        string.Join(", ", ps.Select(p =>
            (p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : string.Empty) +
            TypeName(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) +
            (p.HasDefaultValue ? " = " + (p.DefaultValue?.ToString() ?? "null") : string.Empty)));

    private static string TypeName(Type t)
    {
        if (t.IsGenericParameter)
        {
            return t.Name;
        }

        if (t.IsArray)
        {
            return TypeName(t.GetElementType()!) + "[]";
        }

        if (t.IsByRef)
        {
            return TypeName(t.GetElementType()!) + "&";
        }

        string name = t.IsNested ? TypeName(t.DeclaringType!) + "." + t.Name : (t.Namespace is null ? t.Name : t.Namespace + "." + t.Name);
        if (t.IsGenericType)
        {
            int tick = name.IndexOf('`');
            if (tick >= 0)
            {
                name = name.Substring(0, tick);
            }

            name += "<" + string.Join(", ", t.GetGenericArguments().Select(TypeName)) + ">";
        }

        return name;
    }
}
