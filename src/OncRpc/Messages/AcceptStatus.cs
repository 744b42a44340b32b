namespace OncRpc.Messages;

/// <summary>The outcome of a call the server accepted (<c>accept_stat</c> in RFC 5531).</summary>
public enum AcceptStatus
{
    /// <summary>The procedure ran; the results follow the reply header (<c>SUCCESS</c>).</summary>
    Success = 0,

    /// <summary>The server does not export the program (<c>PROG_UNAVAIL</c>).</summary>
    ProgramUnavailable = 1,

    /// <summary>The server does not support the requested version of the program; the reply carries the lowest and highest versions it supports (<c>PROG_MISMATCH</c>).</summary>
    ProgramMismatch = 2,

    /// <summary>The program does not support the procedure (<c>PROC_UNAVAIL</c>).</summary>
    ProcedureUnavailable = 3,

    /// <summary>The server could not decode the arguments (<c>GARBAGE_ARGS</c>).</summary>
    GarbageArguments = 4,

    /// <summary>The server failed for a reason unrelated to the call, such as a memory allocation failure (<c>SYSTEM_ERR</c>).</summary>
    SystemError = 5,
}
