using Vmsim.Web.Api;
using Vmsim.Web.Sessions;

namespace Vmsim.Web.Tests;

/// <summary>Workloads and sessions as the page would ask for them.</summary>
internal static class TestWorkloads
{
    public const string BeladyString = "1 2 3 4 1 2 5 1 2 3 4 5";

    public static Workload Example(string name, MachineRequest? machine = null, int maxSteps = 200_000) =>
        WorkloadLoader.Load(new CreateSessionRequest(new WorkloadRequest("example", name, null, null, null), machine), maxSteps);

    public static Workload Yaml(string yaml, MachineRequest? machine = null, int maxSteps = 200_000) =>
        WorkloadLoader.Load(new CreateSessionRequest(new WorkloadRequest("yaml", null, yaml, "test.yaml", null), machine), maxSteps);

    /// <summary>A reference string on <paramref name="frames"/> frames, its working sets measured over a window of <paramref name="workingSet"/> references when one is given.</summary>
    public static Workload Refs(string refs, int frames = 3, string policy = "fifo", int maxSteps = 200_000, long? workingSet = null) =>
        WorkloadLoader.Load(new CreateSessionRequest(new WorkloadRequest("refs", null, null, null, refs), new MachineRequest(frames, null, null, policy, null, WorkingSet: workingSet)), maxSteps);

    /// <summary>A trace file as the page sends it: its bytes in base64, its name, the format chosen (null: detect), a CSV trace's layout.</summary>
    public static Workload Trace(byte[] file, string fileName = "t.lackey", string? format = null, MachineRequest? machine = null, int maxSteps = 200_000, Core.Workloads.Traces.CsvLayoutOptions? csv = null) =>
        WorkloadLoader.Load(new CreateSessionRequest(new WorkloadRequest("trace", null, null, fileName, null, Convert.ToBase64String(file), format, csv), machine), maxSteps);

    /// <summary>A CSV trace without a header, columns pid, address, kind: P7 writes two pages, reads them back, then reads a third.</summary>
    public static byte[] HeaderlessCsv { get; } = System.Text.Encoding.ASCII.GetBytes(
        "7,0x10000000,W\n7,0x10001008,W\n7,0x10000010,R\n7,0x10001000,R\n7,0x10002000,R\n");

    /// <summary>
    /// A lackey trace of <paramref name="pages"/> pages looped <paramref name="times"/> times: an
    /// instruction fetch from the first page, then a load and a store ('M') on each of the others.
    /// </summary>
    public static byte[] LackeyLoop(int pages, int times)
    {
        var text = new System.Text.StringBuilder("==123== Lackey, an example Valgrind tool\n");
        for (var t = 0; t < times; t++)
        {
            text.Append("I  00400000,4\n");
            for (var p = 1; p < pages; p++)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $" M {0x10000000 + (p * 4096) + 8:x8},8\n");
            }
        }

        return System.Text.Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary><paramref name="bytes"/> compressed with gzip, as a .gz trace file holds them.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public static VisualizerSession Open(Workload workload) => VisualizerSession.Open("test", workload);

    /// <summary>A scenario of one process looping over <paramref name="pages"/> pages <paramref name="times"/> times on fewer frames.</summary>
    public static string Loop(int pages, int times, int frames = 4, string policy = "clock") => $$"""
        title: loop
        machine:
          frames: {{frames}}
          swap: 64
          policy: {{policy}}
        processes:
          - name: p
            regions:
              - { name: heap, start: 0x10000000, pages: {{pages}}, prot: rw- }
        script:
          - touch: p
            region: heap
            pattern: loop
            times: {{times}}
            access: write
        """;
}
