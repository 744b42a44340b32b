using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Emit = System.Reflection.Emit;

namespace OncRpc.Tests.Architecture;

/// <summary>One use of a type by a type of the scanned assembly: who uses what, and whether the target is defined in the same assembly.</summary>
internal readonly record struct TypeUse(string FromNamespace, string FromType, string ToNamespace, string ToType, bool ToIsLocal)
{
    public override string ToString() => $"{FromType} ({FromNamespace}) uses {ToType} ({ToNamespace})";
}

/// <summary>
/// Lists every type each type of a compiled assembly uses, read from its metadata: base type, interfaces, generic
/// constraints, attributes, field and method signatures, local variables, catch clauses and every token in the method
/// bodies (calls, field accesses, casts, <c>typeof</c>, allocations), generic instantiations taken apart. Nested and
/// compiler-generated types (lambdas, async state machines) count as their outermost type. The compiled code is
/// what runs, so nothing escapes through <c>using</c> aliases, <c>global::</c> names or type inference.
/// </summary>
internal static class TypeDependencyScanner
{
    private static readonly Dictionary<short, Emit.OperandType> Operands = typeof(Emit.OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (Emit.OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    public static IReadOnlyList<TypeUse> Scan(string assemblyPath)
    {
        using FileStream stream = File.OpenRead(assemblyPath);
        return Scan(stream);
    }

    public static IReadOnlyList<TypeUse> Scan(Stream image)
    {
        using var pe = new PEReader(image, PEStreamOptions.LeaveOpen);
        MetadataReader md = pe.GetMetadataReader();
        var scan = new Scanner(md);
        var uses = new HashSet<TypeUse>();
        foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            (string fromNamespace, string fromType) = scan.Outermost(handle);
            var targets = new List<TypeName>();
            scan.Entity(type.BaseType, targets);
            foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
            {
                scan.Entity(md.GetInterfaceImplementation(i).Interface, targets);
            }

            scan.GenericParameters(type.GetGenericParameters(), targets);
            scan.Attributes(type.GetCustomAttributes(), targets);
            foreach (FieldDefinitionHandle f in type.GetFields())
            {
                FieldDefinition field = md.GetFieldDefinition(f);
                targets.AddRange(field.DecodeSignature(scan.Provider, null));
                scan.Attributes(field.GetCustomAttributes(), targets);
            }

            foreach (MethodDefinitionHandle m in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(m);
                scan.Signature(method.DecodeSignature(scan.Provider, null), targets);
                scan.GenericParameters(method.GetGenericParameters(), targets);
                scan.Attributes(method.GetCustomAttributes(), targets);
                if (method.RelativeVirtualAddress != 0)
                {
                    scan.Body(pe.GetMethodBody(method.RelativeVirtualAddress), targets);
                }
            }

            foreach (TypeName target in targets)
            {
                uses.Add(new TypeUse(fromNamespace, fromType, target.Namespace, target.Name, target.IsLocal));
            }
        }

        return [.. uses];
    }

    /// <summary>A type named by the metadata; local when the scanned assembly defines it.</summary>
    internal readonly record struct TypeName(string Namespace, string Name, bool IsLocal);

    private sealed class Scanner(MetadataReader md)
    {
        public SignatureProvider Provider { get; } = new(md);

        public (string Namespace, string Name) Outermost(TypeDefinitionHandle handle)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            while (type.GetDeclaringType() is { IsNil: false } outer)
            {
                type = md.GetTypeDefinition(outer);
            }

            return (md.GetString(type.Namespace), md.GetString(type.Name));
        }

        public void Entity(EntityHandle handle, List<TypeName> into)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                case HandleKind.TypeReference:
                    into.Add(Provider.Named(handle));
                    break;
                case HandleKind.TypeSpecification:
                    into.AddRange(md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(Provider, null));
                    break;
                case HandleKind.MethodDefinition:
                    into.Add(Provider.Named(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.FieldDefinition:
                    into.Add(Provider.Named(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.MemberReference:
                    MemberReference member = md.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent, into);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        Signature(member.DecodeMethodSignature(Provider, null), into);
                    }
                    else
                    {
                        into.AddRange(member.DecodeFieldSignature(Provider, null));
                    }

                    break;
                case HandleKind.MethodSpecification:
                    MethodSpecification spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(spec.Method, into);
                    foreach (ImmutableArray<TypeName> argument in spec.DecodeSignature(Provider, null))
                    {
                        into.AddRange(argument);
                    }

                    break;
                case HandleKind.StandaloneSignature:
                    StandaloneSignature signature = md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.LocalVariables)
                    {
                        foreach (ImmutableArray<TypeName> local in signature.DecodeLocalSignature(Provider, null))
                        {
                            into.AddRange(local);
                        }
                    }
                    else
                    {
                        Signature(signature.DecodeMethodSignature(Provider, null), into);
                    }

                    break;
            }
        }

        public void Signature(MethodSignature<ImmutableArray<TypeName>> signature, List<TypeName> into)
        {
            into.AddRange(signature.ReturnType);
            foreach (ImmutableArray<TypeName> parameter in signature.ParameterTypes)
            {
                into.AddRange(parameter);
            }
        }

        public void GenericParameters(GenericParameterHandleCollection parameters, List<TypeName> into)
        {
            foreach (GenericParameterHandle p in parameters)
            {
                foreach (GenericParameterConstraintHandle c in md.GetGenericParameter(p).GetConstraints())
                {
                    Entity(md.GetGenericParameterConstraint(c).Type, into);
                }
            }
        }

        public void Attributes(CustomAttributeHandleCollection attributes, List<TypeName> into)
        {
            foreach (CustomAttributeHandle a in attributes)
            {
                Entity(md.GetCustomAttribute(a).Constructor, into);
            }
        }

        public void Body(MethodBodyBlock body, List<TypeName> into)
        {
            Entity(body.LocalSignature, into);
            foreach (ExceptionRegion region in body.ExceptionRegions)
            {
                Entity(region.CatchType, into);
            }

            BlobReader il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                switch (Operands[code])
                {
                    case Emit.OperandType.InlineField:
                    case Emit.OperandType.InlineMethod:
                    case Emit.OperandType.InlineType:
                    case Emit.OperandType.InlineTok:
                    case Emit.OperandType.InlineSig:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()), into);
                        break;
                    case Emit.OperandType.InlineSwitch:
                        int targets = il.ReadInt32();   // read before the offset is taken
                        il.Offset += 4 * targets;
                        break;
                    case Emit.OperandType.InlineI8:
                    case Emit.OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case Emit.OperandType.InlineBrTarget:
                    case Emit.OperandType.InlineI:
                    case Emit.OperandType.InlineString:
                    case Emit.OperandType.ShortInlineR:
                        il.Offset += 4;
                        break;
                    case Emit.OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case Emit.OperandType.ShortInlineBrTarget:
                    case Emit.OperandType.ShortInlineI:
                    case Emit.OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                }
            }
        }
    }

    /// <summary>Decodes signatures into the named types they mention (generic instantiations, arrays and pointers taken apart).</summary>
    private sealed class SignatureProvider(MetadataReader md) : ISignatureTypeProvider<ImmutableArray<TypeName>, object?>
    {
        public TypeName Named(EntityHandle handle)
        {
            if (handle.Kind == HandleKind.TypeDefinition)
            {
                TypeDefinition type = md.GetTypeDefinition((TypeDefinitionHandle)handle);
                while (type.GetDeclaringType() is { IsNil: false } outer)
                {
                    type = md.GetTypeDefinition(outer);
                }

                return new(md.GetString(type.Namespace), md.GetString(type.Name), true);
            }

            TypeReference reference = md.GetTypeReference((TypeReferenceHandle)handle);
            while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                reference = md.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
            }

            return new(md.GetString(reference.Namespace), md.GetString(reference.Name), false);
        }

        public ImmutableArray<TypeName> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [Named(handle)];

        public ImmutableArray<TypeName> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [Named(handle)];

        public ImmutableArray<TypeName> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeName> GetGenericInstantiation(ImmutableArray<TypeName> genericType, ImmutableArray<ImmutableArray<TypeName>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];

        public ImmutableArray<TypeName> GetArrayType(ImmutableArray<TypeName> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeName> GetSZArrayType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetByReferenceType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetPointerType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetPinnedType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetModifiedType(ImmutableArray<TypeName> modifier, ImmutableArray<TypeName> unmodifiedType, bool isRequired) => unmodifiedType;

        public ImmutableArray<TypeName> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeName>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

        public ImmutableArray<TypeName> GetGenericMethodParameter(object? genericContext, int index) => [];

        public ImmutableArray<TypeName> GetGenericTypeParameter(object? genericContext, int index) => [];

        public ImmutableArray<TypeName> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];
    }
}
