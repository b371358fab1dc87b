using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Tests.Workloads.Scenarios;

/// <summary>
/// The messages a student meets first: YAML that does not parse, said in plain words at its
/// line and column, and a misspelt name answered with the one that was meant.
/// </summary>
public sealed class ScenarioMessageTests
{
    private const string Process = "processes:\n  - name: parent\n    regions:\n      - { name: heap, start: 0x10000, pages: 4 }\n";

    private static InputFormatException Error(string yaml) =>
        Assert.Throws<InputFormatException>(() => ScenarioReader.Parse(yaml, "e6.yaml"));

    [Theory]
    [InlineData(Process + "script:\n  - touch: parent\n  region: heap\n", "7:3",
        "expected '- ' at column 3 to start the list's next item (as on line 6), found 'region: heap'; if it belongs to the item above, indent it to column 5, in line with 'touch'")]
    [InlineData(Process + "script:\n  - touch: parent\n    region: heap\n   - exit: parent\n", "8:4",
        "expected the list's next item at column 3, in line with the '-' on line 6, found '- exit: parent' at column 4: the items of a list are indented alike")]
    [InlineData("machine:\n  frames: 4\n   policy: lru\nscript: []\n", "3:10",
        "line 3 is indented more than 'frames' on line 2, so YAML reads it as more of the value of 'frames' and finds a ': ' inside it; indent 'policy' to column 3, in line with 'frames'")]
    [InlineData(Process + "script:\n  - touch: parent\n     region: heap\n", "7:12",
        "line 7 is indented more than 'touch' on line 6, so YAML reads it as more of the value of 'touch' and finds a ': ' inside it; indent 'region' to column 5, in line with 'touch'")]
    [InlineData("machine:\n  frames: 4\n script: []\n", "3:2",
        "expected a field (name: value) at column 1, in line with 'machine' on line 1, found 'script: []' at column 2: the fields of one mapping are indented alike")]
    [InlineData("machine:\n  frames: 4\n  frames: 5\nscript: []\n", "3:3",
        "the field 'frames' is given twice in one mapping (first on line 2); give it once")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: heap, start: 0x10000, pages: 4 prot: rw- }\nscript: []\n", "4:52",
        "expected ',' after 'pages: 4', before the next field of this '{ }' mapping, or '}' to close it, found 'prot: rw- }'")]
    [InlineData("processes:\n  - name: p\n  - regions\n    name: q\nscript: []\n", "4:9",
        "'regions' on line 3 has no ':', so YAML reads line 4 as more of its text and finds a ': ' inside it; write 'regions:' if it names a field")]
    [InlineData("machine: { frames: 4 }\nprocesses: [1, 2\n", "3:1",
        "expected ',' before the next item of this '[ ]' list, or ']' to close it, found the end of the input")]
    [InlineData("title: \"unclosed\nmachine:\n  frames: 4\n", "1:8",
        "the quoted value that starts here is never closed: expected its closing quote on the same line (a quoted value may go on to the next lines only when they are indented more than its field)")]
    public void Yaml_that_does_not_parse_is_explained_at_its_line_and_column(string yaml, string at, string expected)
    {
        var error = Error(yaml);

        Assert.Equal($"e6.yaml:{at}: not valid YAML: {expected}", error.Message);
    }

    [Fact]
    public void An_empty_scenario_asks_for_its_script_and_names_what_is_optional()
    {
        Assert.Equal("e6.yaml:1:1: the scenario is empty; expected a 'script' (a list of steps such as '- touch: p1'), and if it needs them 'machine' settings and 'processes'", Error(string.Empty).Message);
    }

    [Theory]
    [InlineData("machine: { frame: 4 }\nscript: []\n", "unknown field 'frame' in machine (did you mean 'frames'?); expected one of: frames, swap,")]
    [InlineData("machine:\n  tlb: { entires: 8 }\nscript: []\n", "unknown field 'entires' in machine.tlb (did you mean 'entries'?)")]
    [InlineData("machine:\n  cost: { memroy-ns: 80 }\nscript: []\n", "(did you mean 'memory-ns'?)")]
    [InlineData("machine:\n  scope: globl\nscript: []\n", "field 'scope': expected one of global, local, found 'globl' (did you mean 'global'?)")]
    [InlineData("machine:\n  geometry: x86_46\nscript: []\n", "found 'x86_46' (did you mean 'x86-64'")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: heap, start: 0x10000, pages: 4, prto: rw- }\nscript: []\n", "unknown field 'prto' in a region (did you mean 'prot'?)")]
    [InlineData("prosesses:\n  - name: p\nscript:\n  - touch: p\n", "unknown field 'prosesses' in the scenario (did you mean 'processes'?)")]
    [InlineData("processes:\n  - nmae: p\nscript: []\n", "unknown field 'nmae' in a process (did you mean 'name'?)")]
    [InlineData(Process + "script:\n  - tuch: parent\n", "a step needs one of: touch, fork, exit, switch, spawn, mmap, munmap, mprotect, brk (for example '- touch: p1'); found 'tuch' (did you mean 'touch'?)")]
    [InlineData(Process + "script:\n  - touch: parnet\n", "no process named 'parnet' (did you mean 'parent'?); the processes at this point are: parent")]
    [InlineData(Process + "script:\n  - touch: parent\n    region: haep\n", "field 'region': no region named 'haep' in parent (did you mean 'heap'?); it has: heap")]
    [InlineData(Process + "script:\n  - touch: parent\n    regoin: heap\n", "unknown field 'regoin' in a step (did you mean 'region'?)")]
    [InlineData(Process + "script:\n  - touch: parent\n    region: heap\n    pattern: rnadom\n", "found 'rnadom' (did you mean 'random'?)")]
    public void A_misspelt_name_is_answered_with_the_one_meant(string yaml, string expected)
    {
        var error = Error(yaml);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
