namespace OncRpc.Client.Transport;

/// <summary>
/// The <see cref="RpcClientIoMode.DedicatedThread"/> strategy: the dedicated thread that reads a client socket, and the
/// guard that replaces it when a caller's code holds it.
/// </summary>
/// <remarks>
/// <para>A reply completes its call on the receive thread, and the caller's continuation (the code after its
/// <c>await</c>) runs there inline, until its next <c>await</c> that does not complete at once. That saves the
/// thread hop .NET socket completions take through the thread pool, which costs more than the whole call on
/// loopback. The price: while a continuation runs, no reply is read.</para>
/// <para>A continuation that blocks (sync-over-async on another call of the same client, a long computation, a
/// send into a full socket buffer) would stall every other call, or deadlock. So each delivery is watched: a
/// watchdog checks the receiver every <see cref="CheckPeriod"/>, and when the same delivery is still running at two
/// checks in a row it retires the receiver (its generation ends) and starts a new one, which continues from the
/// first byte not yet parsed. The retired thread finishes the caller's code, sees it was replaced, and ends.</para>
/// <para>One watchdog thread per process checks every live receiver; it sleeps between checks and ends when no
/// client is left. It is a thread of its own rather than a timer so that the checks never wake thread-pool
/// workers, whose spinning competes with the receive threads for the CPU.</para>
/// </remarks>
internal sealed class ReceiveThread : ClientReceiver
{
    /// <summary>How often a delivery in progress is checked; a stuck receiver is replaced after one to two periods.</summary>
    internal static readonly TimeSpan CheckPeriod = TimeSpan.FromMilliseconds(100);

    private const long Delivering = 1;

    private static readonly object Registry = new();
    private static readonly List<ReceiveThread> Watched = new();
    private static bool _watchdogRunning;

    private readonly Action<long> _run;
    private readonly string _name;

    // generation << 1 | delivering: only the receiver sets the delivering bit, only the watchdog changes the generation.
    private long _state;
    private int _deliveries;
    private long _seenState = -1;
    private int _seenDeliveries;
    private int _replacements;

    /// <summary>Initializes the guard; <paramref name="run"/> is the receive loop, given the generation it serves.</summary>
    public ReceiveThread(string name, Action<long> run)
    {
        _name = name;
        _run = run;
    }

    /// <summary>Gets the number of receivers started to replace one held by a caller's code.</summary>
    public override int Replacements => Volatile.Read(ref _replacements);

    /// <summary>Starts a background thread that does not inherit the caller's ExecutionContext.</summary>
    public static void StartThread(string name, Action<object?> body, object? state)
    {
        var thread = new Thread(s => body(s)) { IsBackground = true, Name = name };
        using (SuppressFlow())
        {
            thread.Start(state);
        }
    }

    /// <summary>Starts the first receiver.</summary>
    public override void Start()
    {
        StartThread(_name, static s => ((ReceiveThread)s!)._run(0), this);
        lock (Registry)
        {
            Watched.Add(this);
            if (!_watchdogRunning)
            {
                _watchdogRunning = true;
                StartThread("OncRpc receive watchdog", static _ => Watch(), null);
            }
        }
    }

    /// <summary>
    /// Hands a message to the client, watched: a receiver of <paramref name="generation"/> that the watchdog retires
    /// while the caller's code runs learns so here (<see langword="false"/>) and must end.
    /// </summary>
    public override bool Deliver(IClientTransportSink sink, long generation, ReadOnlySpan<byte> message)
    {
        long delivering = (generation << 1) | Delivering;
        Interlocked.Increment(ref _deliveries);
        Volatile.Write(ref _state, delivering);
        bool current;
        try
        {
            sink.OnMessage(message);
        }
        finally
        {
            // Still this generation unless the watchdog retired it meanwhile.
            current = Interlocked.CompareExchange(ref _state, generation << 1, delivering) == delivering;
        }

        return current;
    }

    /// <summary>Stops watching; called by the last receiver as it ends.</summary>
    public override void OnStopped()
    {
        lock (Registry)
        {
            Watched.Remove(this);
        }
    }

    /// <summary>Stops the caller's ExecutionContext from flowing into work started in the scope.</summary>
    internal static FlowScope SuppressFlow() => new(ExecutionContext.IsFlowSuppressed() ? null : ExecutionContext.SuppressFlow());

    private static void Watch()
    {
        var snapshot = new List<ReceiveThread>();
        while (true)
        {
            Thread.Sleep(CheckPeriod);
            snapshot.Clear();
            lock (Registry)
            {
                if (Watched.Count == 0)
                {
                    _watchdogRunning = false;
                    return;
                }

                snapshot.AddRange(Watched);
            }

            foreach (ReceiveThread receiver in snapshot)
            {
                receiver.Check();
            }
        }
    }

    // Runs on the watchdog thread only.
    private void Check()
    {
        long state = Volatile.Read(ref _state);
        int deliveries = Volatile.Read(ref _deliveries);
        if ((state & Delivering) != 0 && state == _seenState && deliveries == _seenDeliveries)
        {
            long next = (state >> 1) + 1;
            if (Interlocked.CompareExchange(ref _state, next << 1, state) == state)
            {
                _seenState = -1;
                Interlocked.Increment(ref _replacements);
                StartThread(_name, static s => { var (self, generation) = ((ReceiveThread, long))s!; self._run(generation); }, (this, next));
                return;
            }
        }

        _seenState = state;
        _seenDeliveries = deliveries;
    }

    /// <summary>Restores the flow of the ExecutionContext when disposed.</summary>
    internal readonly struct FlowScope : IDisposable
    {
        private readonly AsyncFlowControl? _flow;

        public FlowScope(AsyncFlowControl? flow) => _flow = flow;

        public void Dispose() => _flow?.Undo();
    }
}
