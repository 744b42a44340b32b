#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices
{
    // Enables init-only setters and records when compiling for netstandard2.0.
    internal static class IsExternalInit
    {
    }
}
#endif
