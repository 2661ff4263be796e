using System.Diagnostics;

namespace ArFlow.Bench;

/// <summary>Timing helpers. Every figure is a median over several runs, taken alternately with its
/// baseline so that both see the same noise.</summary>
public static class Measure
{
    public static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var sw = Stopwatch.StartNew();
        await work();
        return sw.Elapsed;
    }

    public static TimeSpan Median(IEnumerable<TimeSpan> xs)
    {
        var sorted = xs.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> xs, double p)
    {
        var sorted = xs.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    /// <summary>Runs the subject and the baseline alternately <paramref name="runs"/> times each.</summary>
    public static async Task<(TimeSpan Subject, TimeSpan Baseline)> PairAsync(int runs, Func<Task> subject, Func<Task> baseline, Func<Task>? between = null)
    {
        var s = new List<TimeSpan>();
        var b = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            if (between is not null) await between();
            s.Add(await TimeAsync(subject));
            if (between is not null) await between();
            b.Add(await TimeAsync(baseline));
        }
        return (Median(s), Median(b));
    }

    /// <summary>Peak resident memory (VmHWM) of a child process, read from /proc while it runs.</summary>
    public static async Task<(long PeakBytes, int ExitCode)> PeakMemoryAsync(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var drain = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var errors = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            try
            {
                foreach (var line in await File.ReadAllLinesAsync($"/proc/{process.Id}/status"))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        peak = Math.Max(peak, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024);
            }
            catch (IOException) { }
            await Task.Delay(5);
        }
        await drain;
        if (process.ExitCode != 0) throw new InvalidOperationException(await errors);
        return (peak, process.ExitCode);
    }
}
