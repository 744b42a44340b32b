namespace OncRpc.Fuzz;

/// <summary>A finding that is not an exception of the library itself: too much allocated, a broken invariant.</summary>
internal sealed class FuzzFindingException(string message) : Exception(message);
