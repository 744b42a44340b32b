using System.Net;
using OncRpc;
using OncRpc.Client;
using RpcInfo;
using ShowMount.Cli;
using ShowMount.Mountd;
using ShowMount.Output;

namespace ShowMount;

/// <summary>
/// showmount: reads the command line, connects to the host's mount daemon as <c>clnt_create</c> does (TCP first,
/// then UDP), asks for MOUNT version 3 and falls back to 2 and 1 when the daemon does not speak it, and prints
/// what the C tool prints, errors included, with its exit codes (0 listed, 1 anything else).
/// </summary>
internal static class ShowMountApp
{
    private const uint MountProgram = 100005;

    // nfs-utils' order: MOUNTVERS_NFSV3, MOUNTVERS_POSIX, MOUNTVERS; the next one is tried on a version mismatch.
    private static readonly uint[] Versions = { 3, 2, 1 };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, string programName, TextWriter stdout, TextWriter stderr, ShowMountSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            ShowMountCommand command = CommandLine.Parse(args, programName, stdout, stderr);
            string host = command.Host ?? Dns.GetHostName();
            var connector = new MountdConnector(settings, cancellationToken);
            RpcClient client;
            try
            {
                client = await connector.ConnectAsync(host, MountProgram, Versions[0]).ConfigureAwait(false);
            }
            catch (RpcInfoCreateException ex)
            {
                stderr.Write("clnt_create: " + ex.Message + "\n");
                return 1;
            }

            await using (client.ConfigureAwait(false))
            {
                return await ListAsync(client, command, host, stdout, stderr, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ShowMountExitException exit)
        {
            return exit.ExitCode;
        }
    }

    private static async Task<int> ListAsync(RpcClient client, ShowMountCommand command, string host, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        bool exports = command.Mode == ShowMountMode.Exports;
        for (int v = 0; ; v++)
        {
            try
            {
                if (exports)
                {
                    IReadOnlyList<ExportLine> list = await MountCalls.ExportAsync(client, Versions[v], cancellationToken).ConfigureAwait(false);
                    ListingWriter.WriteExports(stdout, host, command.Headers, list);
                }
                else
                {
                    IReadOnlyList<MountLine> list = await MountCalls.DumpAsync(client, Versions[v], cancellationToken).ConfigureAwait(false);
                    ListingWriter.WriteMounts(stdout, host, command.Headers, command.Mode, list);
                }

                return 0;
            }
            catch (RpcProgramMismatchException) when (v + 1 < Versions.Length)
            {
                // The daemon does not speak this version: the C tool switches the same client to the next one.
            }
            catch (Exception ex) when (MountdConnector.IsCallFailure(ex))
            {
                stderr.Write((exports ? "rpc mount export: " : "rpc mount dump: ") + ClntText.Sperror(ex) + "\n");
                return 1;
            }
        }
    }
}
