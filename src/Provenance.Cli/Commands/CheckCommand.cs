using System.CommandLine;
using System.Text.Json;
using Provenance.Cli.Output;
using Provenance.Cli.Service;
using Provenance.Contracts.V1;
using Provenance.Core;
using Grpc.Core;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance check FILE... --server URL [--api-key KEY] [--declared-ai] [--propagate-id ID --out-dir DIR [--force]]`: what a
/// platform does on upload, through the service's Verify RPC: the verdict, the AIGC label to display and why, a
/// report recorded for anything not verified, and, on request, the copy to distribute with the platform's
/// ContentPropagator and PropagateID written into its label. Exit codes as for verify.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Uploaded images, videos or audio, or folders of them.", Arity = ArgumentArity.OneOrMore };
        var server = ServerOption.Create("Service address, e.g. http://127.0.0.1:50051.", required: true);
        var apiKey = new Option<string?>("--api-key") { Description = $"Platform API key (default: the {ServiceConnection.ApiKeyVariable} environment variable; optional unless propagating)." };
        var declaresAi = new Option<bool>("--declared-ai") { Description = "The uploader declares the content AI-generated." };
        var propagateId = new Option<string?>("--propagate-id") { Description = "Write this PropagateID and the platform's ContentPropagator into the copy to distribute." };
        var outputDirectory = new Option<DirectoryInfo?>("--out-dir") { Description = "Folder for the propagated copies (with --propagate-id)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per file and line." };
        var force = new Option<bool>("--force") { Description = "Replace propagated copies that exist (an input is never replaced)." };
        var command = new Command("check", "Check uploads through the service as a platform: verdict, label to show, report, propagated copy.")
        {
            files, server, apiKey, declaresAi, propagateId, outputDirectory, json, force,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(propagateId) is null) != (result.GetValue(outputDirectory) is null))
            {
                result.AddError("--propagate-id and --out-dir go together.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(files)!, parse.GetValue(server)!,
            ServiceConnection.ResolveApiKey(parse.GetValue(apiKey)), parse.GetValue(declaresAi), parse.GetValue(propagateId),
            parse.GetValue(outputDirectory), parse.GetValue(json), parse.GetValue(force), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, Uri server, string? apiKey, bool declaresAi, string? propagateId,
        DirectoryInfo? outputDirectory, bool json, bool force, CancellationToken cancellationToken)
    {
        var inputs = InputFiles.Expand(paths).ToList();
        if (inputs.Count == 0)
        {
            Console.Error.WriteLine("provenance check: no images, videos or audio files under the given paths.");
            return ExitCodes.UsageOrUnreadable;
        }
        IReadOnlyDictionary<string, string> targets = new Dictionary<string, string>();
        if (outputDirectory is not null)
        {
            (targets, var refusals) = OutputTargets.Plan(inputs, input => Path.Combine(outputDirectory.FullName, Path.GetFileName(input)), force);
            if (refusals.Count > 0)
            {
                foreach (var refusal in refusals)
                {
                    Console.Error.WriteLine("provenance check: " + refusal);
                }
                Console.Error.WriteLine("provenance check: nothing was checked.");
                return ExitCodes.UsageOrUnreadable;
            }
            outputDirectory.Create();
        }
        using var connection = new ServiceConnection(server, apiKey, maxResponseBytes: (int)Math.Min(int.MaxValue, 2 * MediaLimits.Default.MaxFileBytes));
        var exitCode = ExitCodes.Success;
        foreach (var input in inputs)
        {
            var video = InputFiles.IsVideo(input);
            string? readError = null;
            var media = video ? null : InputFiles.TryRead(input, MediaLimits.Default.MaxFileBytes, out readError);
            if (video)
            {
                readError = InputFiles.CheckVideo(input, MediaLimits.Default.MaxVideoBytes);
            }
            if (readError is not null)
            {
                exitCode = ExitCodes.UsageOrUnreadable;
                Fail(input, readError!, json);
                continue;
            }
            var request = new VerifyRequest { UploaderDeclaresAiGenerated = declaresAi };
            if (propagateId is not null)
            {
                request.Propagation = new PropagationRequest { PropagateId = propagateId };
            }
            try
            {
                VerifyResponse response;
                if (video)
                {
                    using var progress = TerminalProgress.ForFile(input);
                    response = await VerifyClient.VerifyFileAsync(connection, input, request, progress, cancellationToken);
                }
                else
                {
                    response = await VerifyClient.VerifyAsync(connection, media!, request, cancellationToken);
                }
                string? copy = null;
                if (!response.PropagatedMedia.IsEmpty)
                {
                    copy = targets[input];
                    await OutputTargets.WriteAsync(copy, response.PropagatedMedia.Memory, force, cancellationToken);
                }
                if (response.Verdict is not (Verdict.Verified or Verdict.Recovered) && exitCode == ExitCodes.Success)
                {
                    exitCode = ExitCodes.NotVerified;
                }
                Report(input, response, copy, json);
            }
            catch (RpcException e)
            {
                exitCode = ExitCodes.UsageOrUnreadable;
                Fail(input, $"the service answered {e.StatusCode}: {e.Status.Detail}", json);
            }
            catch (HttpRequestException e)
            {
                exitCode = ExitCodes.UsageOrUnreadable;
                Fail(input, $"the service could not be reached: {e.Message}", json);
            }
            catch (IOException e)
            {
                exitCode = ExitCodes.UsageOrUnreadable;
                Fail(input, $"could not write the propagated copy: {e.Message}", json);
            }
        }
        return exitCode;
    }

    private static string VerdictName(VerifyResponse response) => response.Verdict.ToString().ToLowerInvariant();

    private static string? Label(VerifyResponse response) =>
        response.AigcLabel == AigcLabel.None ? null : ((int)response.AigcLabel).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Report(string input, VerifyResponse response, string? copy, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                path = input, verdict = VerdictName(response), aigc_label = Label(response), aigc_label_reason = response.AigcLabelReason,
                verdict_reason = response.VerdictReason, watermark = new { detected = response.Watermark?.Detected ?? false, id = NullIfEmpty(response.Watermark?.Id) },
                manifest_id = NullIfEmpty(response.Manifest?.ManifestId), report_id = NullIfEmpty(response.ReportId),
                status_codes = response.ValidationStatus.Where(s => s.Kind == ValidationStatus.Types.Kind.Failure).Select(s => s.Code),
                propagated_copy = copy,
            }));
            return;
        }
        Console.WriteLine($"{input}: {VerdictName(response)}, show label {Label(response) ?? "none"} ({response.AigcLabelReason})" +
            (response.ReportId.Length > 0 ? $", report {response.ReportId}" : "") + (copy is null ? "" : $", copy to distribute: {copy}"));
    }

    private static void Fail(string input, string error, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { path = input, error }));
        }
        else
        {
            Console.Error.WriteLine($"{input}: {error}");
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
