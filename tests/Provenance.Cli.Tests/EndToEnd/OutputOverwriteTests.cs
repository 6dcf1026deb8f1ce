namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 20, fault 7: `sign` (and `check --propagate-id`) refuse, before contacting any service and before writing
/// anything, a batch that would overwrite an input, write two inputs to one file, or replace an existing file
/// without --force. The server address points nowhere: a refusal that came after a call would fail differently.
/// </summary>
public sealed class OutputOverwriteTests : IDisposable
{
    private const string Nowhere = "http://127.0.0.1:9";
    private readonly string work = Directory.CreateTempSubdirectory("provenance-cli-overwrite-").FullName;

    [Fact]
    public async Task Two_inputs_of_one_name_into_one_folder_are_refused_and_nothing_is_written()
    {
        var a = Input("a", "x.jpg", "first");
        var b = Input("b", "x.jpg", "second");
        var outDir = Path.Combine(work, "out");
        var result = await Cli.RunAsync("sign", a, b, "--out-dir", outDir, "--server", Nowhere, "--api-key", "k");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{a} and {b} would both be written to {Path.Combine(outDir, "x.jpg")}", result.Error);
        Assert.False(Directory.Exists(outDir), result.ToString());
    }

    [Fact]
    public async Task An_out_dir_equal_to_the_inputs_folder_is_refused_even_with_force()
    {
        var input = Input("photos", "x.jpg", "original");
        foreach (var force in new[] { false, true })
        {
            string[] args = ["sign", input, "--out-dir", Path.GetDirectoryName(input)!, "--server", Nowhere, "--api-key", "k"];
            var result = await Cli.RunAsync(force ? [.. args, "--force"] : args);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{input} is an input", result.Error);
            Assert.Equal("original", File.ReadAllText(input));
        }
        var check = await Cli.RunAsync("check", input, "--propagate-id", "p", "--out-dir", Path.GetDirectoryName(input)!, "--server", Nowhere);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains($"{input} is an input", check.Error);
    }

    [Fact]
    public async Task An_existing_output_is_kept_without_force()
    {
        var input = Input("in", "x.jpg", "input");
        var existing = Input("out", "x.jpg", "earlier output");
        var result = await Cli.RunAsync("sign", input, "--out", existing, "--server", Nowhere, "--api-key", "k");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{existing} exists; use --force", result.Error);
        Assert.Equal("earlier output", File.ReadAllText(existing));

        // With --force the plan passes and the command goes on to the service (which is not there here).
        var forced = await Cli.RunAsync("sign", input, "--out", existing, "--server", Nowhere, "--api-key", "k", "--force");
        Assert.DoesNotContain("exists; use --force", forced.Error);
        Assert.Equal("earlier output", File.ReadAllText(existing)); // nothing was signed, so nothing replaced it
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    private string Input(string folder, string name, string text)
    {
        var directory = Path.Combine(work, folder);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
