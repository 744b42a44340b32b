using System.Text.Json;
using PortProbe.Probing;
using PortProbe.Risk;

namespace PortProbe.Reporting;

/// <summary>
/// Writes the machine-readable report with <see cref="Utf8JsonWriter"/> (no serializer, no reflection). The layout is
/// documented in samples/PortProbe/README.md; <see cref="Schema"/> changes whenever a field changes meaning or goes.
/// </summary>
internal static class JsonReportWriter
{
    public const string Schema = "portprobe/1";

    public static void Write(Stream output, IReadOnlyList<HostReport> reports, int port, TimeSpan timeout, DateTimeOffset started, Func<uint, string?> programName)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteString("started", started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("port", port);
        json.WriteNumber("timeoutMs", (long)timeout.TotalMilliseconds);

        ScanSummary summary = ScanSummary.Of(reports);
        json.WriteStartObject("summary");
        json.WriteNumber("hosts", summary.Hosts);
        json.WriteNumber("exposed", summary.Exposed);
        json.WriteNumber("exposedUdp", summary.ExposedUdp);
        json.WriteNumber("exposedTcpOnly", summary.ExposedTcpOnly);
        json.WriteNumber("notExposed", summary.NotExposed);
        json.WriteNumber("errors", summary.Errors);
        WriteFactor(json, "maxAmplification", summary.MaxAmplification);
        json.WriteNumber("exitCode", summary.ExitCode);
        json.WriteNumber("sharesExposed", summary.SharesExposed);
        json.WriteNumber("sharesToEveryone", summary.SharesToEveryone);
        json.WriteEndObject();

        json.WriteStartArray("hosts");
        foreach (HostReport r in reports)
        {
            WriteHost(json, r, port, programName);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.NotExposed => "not-exposed",
        Verdict.ExposedTcpOnly => "exposed-tcp",
        Verdict.ExposedUdp => "exposed-udp",
        _ => "error",
    };

    private static void WriteHost(Utf8JsonWriter json, HostReport r, int port, Func<uint, string?> programName)
    {
        json.WriteStartObject();
        json.WriteString("target", r.Target);
        if (r.Address is null)
        {
            json.WriteNull("address");
        }
        else
        {
            json.WriteString("address", r.Address.ToString());
        }

        json.WriteString("verdict", VerdictName(r.Verdict));
        if (r.Error is null)
        {
            json.WriteNull("error");
        }
        else
        {
            json.WriteString("error", r.Error);
        }

        json.WriteStartObject("tcp");
        // Spelled out, not enum names: the words are part of the schema and must survive a rename in the code.
        json.WriteString("state", r.Tcp?.State switch
        {
            null => "not-checked",
            TcpState.Open => "open",
            TcpState.Closed => "closed",
            _ => "filtered",
        });
        WriteOptionalString(json, "detail", r.Tcp?.Detail);
        json.WriteEndObject();

        json.WriteStartObject("udp");
        json.WriteString("state", r.Udp.State switch
        {
            UdpState.Answering => "answering",
            UdpState.NoAnswer => "no-answer",
            UdpState.Closed => "closed",
            _ => "not-checked",
        });
        WriteOptionalString(json, "detail", r.Udp.Detail);
        WriteFactor(json, "amplification", r.Udp.Amplification);
        json.WriteStartArray("probes");
        foreach (SizeProbe p in r.Udp.Probes)
        {
            json.WriteStartObject();
            json.WriteString("procedure", p.Procedure);
            json.WriteNumber("version", p.Version);
            json.WriteNumber("requestBytes", p.RequestBytes);
            json.WriteNumber("replyBytes", p.ReplyBytes);
            WriteFactor(json, "factor", p.Factor);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        if (r.Listing is null)
        {
            json.WriteNull("listing");
        }
        else
        {
            json.WriteStartObject("listing");
            json.WriteNumber("dumpVersion", r.Listing.DumpVersion);
            json.WriteString("transport", r.Listing.Transport);
            json.WriteEndObject();
        }

        WriteOptionalString(json, "listingError", r.ListingError);
        json.WriteStartArray("programs");
        foreach (RegisteredProgram p in TableWriter.Sorted(r.Listing?.Programs ?? []))
        {
            json.WriteStartObject();
            json.WriteNumber("program", p.Program);
            json.WriteNumber("version", p.Version);
            json.WriteString("protocol", p.Protocol);
            if (p.Port is { } programPort)
            {
                json.WriteNumber("port", programPort);
            }
            else
            {
                json.WriteNull("port");
            }

            json.WriteString("address", p.Address);
            json.WriteString("owner", p.Owner);
            WriteOptionalString(json, "name", programName(p.Program) ?? KnownRisks.Find(p.Program)?.Name);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("risks");
        foreach (KnownRisk risk in r.Risks)
        {
            json.WriteStartObject();
            json.WriteNumber("program", risk.Program);
            json.WriteString("name", risk.Name);
            json.WriteString("level", risk.Level == RiskLevel.High ? "high" : "medium");
            json.WriteString("why", risk.Why);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("remediation");
        foreach (string step in Remediation.For(r, port))
        {
            json.WriteStringValue(step);
        }

        json.WriteEndArray();
        json.WriteNumber("elapsedMs", Math.Round(r.Elapsed.TotalMilliseconds, 1));
        WriteShares(json, r.Shares);
        json.WriteStartObject("tls");
        WriteTlsCheck(json, "portmapper", r.TlsResult.Portmapper);
        WriteTlsCheck(json, "nfs", r.TlsResult.Nfs);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The mount daemon's export list: null when no mountd is registered, else its answer or its error.</summary>
    private static void WriteShares(Utf8JsonWriter json, ShareInspection? shares)
    {
        if (shares is null)
        {
            json.WriteNull("shares");
            return;
        }

        json.WriteStartObject("shares");
        WriteOptionalString(json, "error", shares.Error);
        if (shares.Listing is { } listing)
        {
            json.WriteNumber("mountVersion", listing.MountVersion);
            json.WriteString("transport", listing.Transport);
            json.WriteNumber("port", listing.Port);
            json.WriteNumber("toEveryone", listing.ToEveryone);
        }
        else
        {
            json.WriteNull("mountVersion");
            json.WriteNull("transport");
            json.WriteNull("port");
            json.WriteNumber("toEveryone", 0);
        }

        json.WriteStartArray("exports");
        foreach (ExportedShare export in shares.Listing?.Exports ?? [])
        {
            json.WriteStartObject();
            json.WriteString("directory", export.Directory);
            json.WriteStartArray("groups");
            foreach (string group in export.Groups)
            {
                json.WriteStringValue(group);
            }

            json.WriteEndArray();
            json.WriteBoolean("everyone", export.Everyone);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTlsCheck(Utf8JsonWriter json, string name, TlsServiceCheck check)
    {
        json.WriteStartObject(name);
        json.WriteString("state", TableWriter.TlsText(check.State));
        WriteOptionalNumber(json, "version", check.Version);
        WriteOptionalNumber(json, "port", check.Port);
        WriteOptionalString(json, "detail", check.Detail);
        json.WriteEndObject();
    }

    private static void WriteOptionalNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteOptionalString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteFactor(Utf8JsonWriter json, string name, double? factor)
    {
        if (factor is { } f)
        {
            json.WriteNumber(name, Math.Round(f, 2));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
