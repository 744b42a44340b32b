using System.Text;
using OncRpc.Portmapper;

namespace RpcInfo;

/// <summary>-m: rpcbind's GETSTAT counters, in the tab-stopped tables of the C tool.</summary>
internal static class StatisticsFormatter
{
    private const int TabStop = 8;

    // Procedure numbers of the counters that carry a success/total pair or a per-program list.
    private const int SetProc = 1;
    private const int UnsetProc = 2;
    private const int GetAddrProc = 3;
    private const int CallItProc = 5;
    private const int IndirectProc = 10;
    private const int GetAddrListProc = 11;

    private static readonly string[] PortmapperHeaders = { "NULL", "SET", "UNSET", "GETPORT", "DUMP", "CALLIT" };
    private static readonly string[] Rpcbind3Headers = { "NULL", "SET", "UNSET", "GETADDR", "DUMP", "CALLIT", "TIME", "U2T", "T2U" };
    private static readonly string[] Rpcbind4Headers = { "NULL", "SET", "UNSET", "GETADDR", "DUMP", "CALLIT", "TIME", "U2T", "T2U", "VERADDR", "INDRECT", "GETLIST", "GETSTAT" };

    public static void Write(TextWriter w, RpcbindStatisticsByVersion stats, Func<uint, string?> name)
    {
        var sb = new StringBuilder();
        RpcbindStatistics v2 = stats.Version2;
        sb.Append("PORTMAP (version 2) statistics\n");
        AppendTable(sb, v2, PortmapperHeaders, 0, 5, version4: false);
        sb.Append('\n');
        if (Info(v2, CallItProc) != 0)
        {
            sb.Append("PMAP_RMTCALL call statistics\n");
            AppendRemoteCalls(sb, v2, version4: false, name);
            sb.Append('\n');
        }

        if (Info(v2, GetAddrProc) != 0)
        {
            sb.Append("PMAP_GETPORT call statistics\n");
            AppendAddressLookups(sb, v2, name);
            sb.Append('\n');
        }

        RpcbindStatistics v3 = stats.Version3;
        sb.Append("RPCBIND (version 3) statistics\n");
        AppendTable(sb, v3, Rpcbind3Headers, 0, 8, version4: false);
        sb.Append('\n');
        if (Info(v3, CallItProc) != 0)
        {
            sb.Append("RPCB_RMTCALL (version 3) call statistics\n");
            AppendRemoteCalls(sb, v3, version4: false, name);
            sb.Append('\n');
        }

        if (Info(v3, GetAddrProc) != 0)
        {
            sb.Append("RPCB_GETADDR (version 3) call statistics\n");
            AppendAddressLookups(sb, v3, name);
            sb.Append('\n');
        }

        RpcbindStatistics v4 = stats.Version4;
        sb.Append("RPCBIND (version 4) statistics\n");
        AppendTable(sb, v4, Rpcbind4Headers, 0, 8, version4: true);
        AppendTable(sb, v4, Rpcbind4Headers, 9, 12, version4: true);
        if (Info(v4, CallItProc) != 0 || Info(v4, IndirectProc) != 0)
        {
            sb.Append('\n');
            sb.Append("RPCB_RMTCALL (version 4) call statistics\n");
            AppendRemoteCalls(sb, v4, version4: true, name);
        }

        if (Info(v4, GetAddrProc) != 0)
        {
            sb.Append('\n');
            sb.Append("RPCB_GETADDR (version 4) call statistics\n");
            AppendAddressLookups(sb, v4, name);
        }

        w.Write(sb.ToString());
    }

    private static int Info(RpcbindStatistics s, int procedure) =>
        procedure < s.ProcedureCalls.Count ? s.ProcedureCalls[procedure] : 0;

    /// <summary>One header line and one counter line; each column as wide as its counter, rounded up to the next tab stop.</summary>
    private static void AppendTable(StringBuilder sb, RpcbindStatistics s, string[] headers, int first, int last, bool version4)
    {
        var line = new StringBuilder();
        for (int i = first; i <= last; i++)
        {
            string field = i switch
            {
                SetProc => CText.Num(s.SetCount) + "/",
                UnsetProc => CText.Num(s.UnsetCount) + "/",
                GetAddrProc => CText.Num(SumSuccesses(s.AddressLookups)) + "/",
                CallItProc => CText.Num(SumSuccesses(s.RemoteCalls)) + "/",
                _ => string.Empty,
            };

            // rpcbind counts GETADDRLIST successes under GETADDR, so the C tool adds the two totals.
            int count = version4 && i == GetAddrProc
                ? unchecked(Info(s, i) + Info(s, GetAddrListProc))
                : Info(s, i);
            field += CText.Num(count);
            int width = TabStop * (1 + (field.Length / TabStop));
            sb.Append(headers[i]).Append(Spaces(width - headers[i].Length));
            line.Append(field).Append(Spaces(width - field.Length));
        }

        sb.Append('\n').Append(line).Append('\n');
    }

    private static int SumSuccesses(IReadOnlyList<RpcbindAddressStatistic> list)
    {
        int sum = 0;
        foreach (RpcbindAddressStatistic a in list)
        {
            sum = unchecked(sum + a.Successes);
        }

        return sum;
    }

    private static int SumSuccesses(IReadOnlyList<RpcbindRemoteCallStatistic> list)
    {
        int sum = 0;
        foreach (RpcbindRemoteCallStatistic r in list)
        {
            sum = unchecked(sum + r.Successes);
        }

        return sum;
    }

    // The C tool's spaces(): nothing for counts outside 1..64.
    private static string Spaces(int count) => count is <= 0 or > 64 ? string.Empty : new string(' ', count);

    private static void AppendRemoteCalls(StringBuilder sb, RpcbindStatistics s, bool version4, Func<uint, string?> name)
    {
        sb.Append(version4
            ? "prog\t\tvers\tproc\tnetid\tindirect success failure\n"
            : "prog\t\tvers\tproc\tnetid\tsuccess\tfailure\n");
        foreach (RpcbindRemoteCallStatistic r in s.RemoteCalls)
        {
            sb.Append(ProgramCell(r.Program, name));
            sb.Append(CText.Num(unchecked((int)r.Version))).Append('\t')
              .Append(CText.Num(unchecked((int)r.Procedure))).Append('\t')
              .Append(CText.C(r.NetId)).Append('\t');
            if (version4)
            {
                sb.Append(CText.Num(r.Indirect)).Append("\t ");
            }

            sb.Append(CText.Num(r.Successes)).Append('\t').Append(CText.Num(r.Failures)).Append('\n');
        }
    }

    private static void AppendAddressLookups(StringBuilder sb, RpcbindStatistics s, Func<uint, string?> name)
    {
        sb.Append("prog\t\tvers\tnetid\t  success\tfailure\n");
        foreach (RpcbindAddressStatistic a in s.AddressLookups)
        {
            sb.Append(ProgramCell(a.Program, name));
            sb.Append(CText.Num(unchecked((int)a.Version))).Append('\t')
              .Append(CText.C(a.NetId)).Append("\t  ")
              .Append(CText.Left(a.Successes, 12)).Append('\t')
              .Append(CText.Num(a.Failures)).Append('\n');
        }
    }

    private static string ProgramCell(uint program, Func<uint, string?> name) =>
        name(program) is { } n ? CText.Left(n, 16) : CText.Left(unchecked((int)program), 16);
}
