namespace OncRpc.Server.Transport;

/// <summary>
/// Lets one loop wait, without a lock or a thread, until a condition other threads change holds: the loop waits
/// with <see cref="WaitAsync"/>, and whoever changes what the condition reads calls <see cref="Wake"/>.
/// </summary>
/// <remarks>
/// The waiter is published before the condition is checked, so a change made between the check and the wait still
/// finds it and wakes it. Only one loop waits at a time; a wake with nobody waiting costs one exchange.
/// </remarks>
internal sealed class WakeSignal
{
    private TaskCompletionSource<bool>? _waiter;

    /// <summary>Wakes the waiting loop, if any, so that it checks its condition again.</summary>
    public void Wake() => Interlocked.Exchange(ref _waiter, null)?.TrySetResult(true);

    /// <summary>Returns at once when <paramref name="done"/> holds, else after the next <see cref="Wake"/>.</summary>
    /// <param name="done">The condition; the caller checks it again after the wait.</param>
    /// <returns>A task that completes when the caller should look again.</returns>
    public async Task WaitAsync(Func<bool> done)
    {
        var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _waiter, waiter);
        if (!done())
        {
            await waiter.Task.ConfigureAwait(false);
        }

        Interlocked.CompareExchange(ref _waiter, null, waiter);
    }
}
