using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen;

/// <summary>One input had errors; each is printed as <c>file:line:col: error: message</c>.</summary>
internal sealed class CompilationFailedException(IReadOnlyList<XdrGenException> errors) : Exception(errors.Count > 0 ? errors[0].Format() : "compilation failed")
{
    public IReadOnlyList<XdrGenException> Errors { get; } = errors;
}
