namespace PortProbe.Probing;

/// <summary>The answer of one DUMP: which protocol version and transport produced it, and the registrations.</summary>
internal sealed record ProgramListing(uint DumpVersion, string Transport, IReadOnlyList<RegisteredProgram> Programs);
