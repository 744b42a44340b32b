#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices
{
    // Enables init-only setters and records when compiling for netstandard2.0.
    internal static class IsExternalInit
    {
    }
}
#endif

#if !NETCOREAPP3_0_OR_GREATER
namespace System.Diagnostics.CodeAnalysis
{
    // The compiler honours these by name; netstandard2.0 does not ship them.
    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class NotNullWhenAttribute(bool returnValue) : Attribute
    {
        public bool ReturnValue { get; } = returnValue;
    }
}
#endif
