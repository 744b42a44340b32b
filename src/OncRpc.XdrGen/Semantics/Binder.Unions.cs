using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Semantics;

/// <summary>Unions and programs.</summary>
internal sealed partial class Binder
{
    private void BindUnion(UnionSymbol u)
    {
        Declaration discriminant = u.Definition.Discriminant;
        u.DiscriminantType = Resolve(discriminant);
        XType baseType = Unalias(u.DiscriminantType);
        if (discriminant.Kind != DeclarationKind.Plain)
        {
            Report(discriminant.Location, "a union discriminant cannot be an array or optional");
        }

        switch (baseType)
        {
            case PrimitiveType { Kind: BuiltinType.Int or BuiltinType.UnsignedInt or BuiltinType.Bool } p:
                u.DiscriminantKind = p.Kind;
                break;
            case NamedType { Symbol: EnumSymbol e }:
                u.DiscriminantEnum = e;
                break;
            default:
                Report(discriminant.Location, $"the discriminant of union '{u.Name}' must be int, unsigned int, bool or an enum");
                u.DiscriminantKind = BuiltinType.Int;
                break;
        }

        var seen = new Dictionary<long, SourceLocation>();
        foreach (UnionArm arm in u.Definition.Arms)
        {
            var labels = new List<(long, string?)>();
            foreach (Value label in arm.Labels)
            {
                Int128 value = Evaluate(label);
                string shown = label.Name is null ? $"case {label}" : $"case {label} = {value}";
                bool inRange = u.DiscriminantKind switch
                {
                    BuiltinType.UnsignedInt => value >= 0 && value <= uint.MaxValue,
                    BuiltinType.Bool => value == 0 || value == 1,
                    _ => value >= int.MinValue && value <= int.MaxValue,
                };
                if (!inRange)
                {
                    Report(label.Location, $"{shown} is out of range for the discriminant of union '{u.Name}'");
                    continue;
                }

                if (u.DiscriminantEnum is { } en && !en.Definition.Members.Any(m => (long)ConstantValue(m.Name, label.Location) == (long)value))
                {
                    Report(label.Location, $"{shown} is not a value of enum '{en.Name}'");
                }

                if (!seen.TryAdd((long)value, label.Location))
                {
                    Report(label.Location, $"{shown} is already used at {seen[(long)value]}");
                }

                labels.Add(((long)value, label.Name));
            }

            u.Arms.Add(new ResolvedArm(labels, ArmField(arm.Declaration), arm.Location));
        }

        if (u.Definition.Default is { } defaultArm)
        {
            u.Default = new ResolvedArm([], ArmField(defaultArm), defaultArm.Location);
        }
    }

    private Field? ArmField(Declaration declaration) =>
        declaration.Kind == DeclarationKind.Void ? null : new Field(declaration.Name!, Resolve(declaration), declaration);

    private ResolvedProgram BindProgram(ProgramDefinition p)
    {
        var versions = new List<ResolvedVersion>();
        var versionNumbers = new Dictionary<uint, SourceLocation>();
        foreach (VersionDefinition v in p.Versions)
        {
            uint versionNumber = Number(v.Number, "version");
            if (!versionNumbers.TryAdd(versionNumber, v.Location))
            {
                Report(v.Location, $"version number {versionNumber} is already used at {versionNumbers[versionNumber]}");
            }

            var procedures = new List<ResolvedProcedure>();
            var procedureNumbers = new Dictionary<uint, SourceLocation>();
            var procedureNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (ProcedureDefinition procedure in v.Procedures)
            {
                uint number = Number(procedure.Number, "procedure");
                if (!procedureNumbers.TryAdd(number, procedure.Location))
                {
                    Report(procedure.Location, $"procedure number {number} is already used at {procedureNumbers[number]}");
                }

                if (!procedureNames.Add(procedure.Name))
                {
                    Report(procedure.Location, $"procedure '{procedure.Name}' is already defined in version '{v.Name}'");
                }

                XType result = ResolveSpec(procedure.Result);
                var arguments = procedure.Arguments.Select(ResolveSpec).ToList();
                if (arguments.Count == 1 && arguments[0] is VoidType)
                {
                    arguments.Clear();
                }

                procedures.Add(new ResolvedProcedure(procedure, number, result, arguments));
            }

            versions.Add(new ResolvedVersion(v, versionNumber, procedures));
        }

        return new ResolvedProgram(p, Number(p.Number, "program"), versions);
    }

    private uint Number(Value value, string what)
    {
        Int128 number = Evaluate(value);
        if (number < 0 || number > uint.MaxValue)
        {
            Report(value.Location, $"{what} number {number} is not an unsigned 32-bit integer");
            return 0;
        }

        return (uint)number;
    }
}
