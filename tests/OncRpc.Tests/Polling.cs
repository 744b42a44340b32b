namespace OncRpc.Tests;

/// <summary>Waiting for a state the code under test reaches on its own threads, without sleeping.</summary>
internal static class Polling
{
    /// <summary>How long <see cref="WaitUntilAsync"/> waits before the test fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Yields until <paramref name="condition"/> holds; throws <see cref="OperationCanceledException"/> after <see cref="Patience"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Yield();
            cts.Token.ThrowIfCancellationRequested();
        }
    }
}
