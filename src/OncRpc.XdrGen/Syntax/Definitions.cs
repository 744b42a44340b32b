namespace OncRpc.XdrGen.Syntax;

/// <summary>A top-level definition of a .x file, in source order.</summary>
internal abstract record Definition(string Name, SourceLocation Location);

/// <summary><c>const NAME = value;</c></summary>
internal sealed record ConstDefinition(string Name, SourceLocation Location, Value Value) : Definition(Name, Location);

/// <summary><c>typedef declaration;</c></summary>
internal sealed record TypedefDefinition(string Name, SourceLocation Location, Declaration Declaration) : Definition(Name, Location);

/// <summary>One value of an enum; a missing value continues from the previous one, as rpcgen allows.</summary>
internal sealed record EnumMember(string Name, Value? Value, SourceLocation Location);

/// <summary><c>enum name { ... };</c></summary>
internal sealed record EnumDefinition(string Name, SourceLocation Location, IReadOnlyList<EnumMember> Members) : Definition(Name, Location);

/// <summary><c>struct name { ... };</c></summary>
internal sealed record StructDefinition(string Name, SourceLocation Location, IReadOnlyList<Declaration> Fields) : Definition(Name, Location);

/// <summary>One arm of a union: its case labels and its declaration (possibly <c>void</c>).</summary>
internal sealed record UnionArm(IReadOnlyList<Value> Labels, Declaration Declaration, SourceLocation Location);

/// <summary><c>union name switch (discriminant) { case ...: ...; default: ...; };</c></summary>
internal sealed record UnionDefinition(string Name, SourceLocation Location, Declaration Discriminant, IReadOnlyList<UnionArm> Arms, Declaration? Default) : Definition(Name, Location);

/// <summary>A procedure of a program version; several arguments as rpcgen -N allows.</summary>
internal sealed record ProcedureDefinition(string Name, SourceLocation Location, TypeSpec Result, IReadOnlyList<TypeSpec> Arguments, Value Number);

/// <summary><c>version NAME { procedures } = n;</c></summary>
internal sealed record VersionDefinition(string Name, SourceLocation Location, IReadOnlyList<ProcedureDefinition> Procedures, Value Number);

/// <summary><c>program NAME { versions } = n;</c></summary>
internal sealed record ProgramDefinition(string Name, SourceLocation Location, IReadOnlyList<VersionDefinition> Versions, Value Number) : Definition(Name, Location);

/// <summary>A whole preprocessed file.</summary>
internal sealed record Specification(IReadOnlyList<Definition> Definitions);
