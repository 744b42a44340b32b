using System.Security.Cryptography;
using SharpFuzz;

namespace OncRpc.Fuzz;

/// <summary>
/// <c>list</c> | <c>fuzz TARGET</c> (under afl-fuzz) | <c>replay TARGET FILE...</c> | <c>seeds TARGET DIR [--vectors F] [--tests D] [--xdr D]</c>.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: OncRpc.Fuzz list | fuzz TARGET | replay TARGET FILE... | seeds TARGET DIR [--vectors FILE] [--tests DIR] [--xdr DIR]";

    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (args[0] == "list")
        {
            foreach (FuzzTarget t in TargetList.All)
            {
                Console.WriteLine($"{t.Name}\t{t.Description}");
            }

            return 0;
        }

        if (args.Length < 2 || TargetList.Find(args[1]) is not { } target)
        {
            Console.Error.WriteLine(args.Length < 2 ? Usage : $"unknown target '{args[1]}'; targets: {string.Join(", ", TargetList.All.Select(t => t.Name))}");
            return 2;
        }

        switch (args[0])
        {
            case "fuzz":
                // Out of process: the afl-fuzz fork server is this process, the inputs run in a child it restarts
                // when afl-fuzz kills it for a hang or it dies (stack overflow), so a hang does not end the campaign.
                var input = new InputBuffer();
                Fuzzer.OutOfProcess.Run(stream => Harness.Execute(target, input.ReadAll(stream)));
                return 0;
            case "replay":
                return Replay.Run(target, args.Skip(2).ToArray());
            case "seeds" when args.Length >= 3:
                return WriteSeeds(target, args[2], args.Skip(3).ToArray());
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    // A larger starting corpus only lengthens afl-fuzz's calibration, which a short CI run cannot afford.
    private const int MaxSeeds = 200;

    private static int WriteSeeds(FuzzTarget target, string directory, string[] options)
    {
        string? Option(string name)
        {
            int i = Array.IndexOf(options, name);
            return i >= 0 && i + 1 < options.Length ? options[i + 1] : null;
        }

        SeedSources sources = SeedSources.Load(Option("--vectors"), Option("--tests"), Option("--xdr"));
        Directory.CreateDirectory(directory);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (byte[] seed in target.Seeds(sources))
        {
            // afl-fuzz wants small seeds; identical ones only slow its calibration.
            if (seed.Length > 16 * 1024)
            {
                continue;
            }

            if (written.Count == MaxSeeds)
            {
                break;
            }

            string name = Convert.ToHexString(SHA256.HashData(seed))[..16].ToLowerInvariant();
            if (written.Add(name))
            {
                File.WriteAllBytes(Path.Combine(directory, "seed-" + name), seed);
            }
        }

        if (written.Count == 0)
        {
            File.WriteAllBytes(Path.Combine(directory, "seed-empty"), [0]);
        }

        Console.WriteLine($"{target.Name}: {Math.Max(written.Count, 1)} seeds in {directory}");
        return 0;
    }
}
