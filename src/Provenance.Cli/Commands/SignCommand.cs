using System.CommandLine;
using System.Text.Json;
using Provenance.Cli.Output;
using Provenance.Cli.Service;
using Provenance.Contracts.V1;
using Provenance.Core;
using Grpc.Core;
using Spectre.Console;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance sign FILE... (--out OUT | --out-dir DIR) --server URL [--api-key KEY] [--model NAME]
/// [--explicit-label [POSITION]] [--label-text TEXT] [--label-span SPAN] [--label-audio rhythm|speech] [--force]`:
/// a generator's batch signing through the service, with the explicit AI label added when asked: drawn on an image or
/// a video's frames, played before an audio file's content. Outputs are planned
/// before anything is sent (<see cref="OutputTargets"/>). Exit 0 when every file was signed, 1 when the service
/// refused any, 2 for usage errors (an output that would replace an input or an existing file) and unreadable files.
/// </summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Images (JPEG, PNG, WebP), videos (MP4, MOV) or audio files (WAV, MP3, FLAC, M4A) to sign, or folders of them.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the signed file (one input only)." };
        var outputDirectory = new Option<DirectoryInfo?>("--out-dir") { Description = "Folder to write signed files into, under their own names." };
        var server = ServerOption.Create("Service address, e.g. http://127.0.0.1:50051.", required: true);
        var apiKey = new Option<string?>("--api-key") { Description = $"Generator API key (default: the {ServiceConnection.ApiKeyVariable} environment variable)." };
        var model = new Option<string>("--model") { Description = "The generating model, written into the manifest.", DefaultValueFactory = _ => "unspecified-model" };
        var modelVersion = new Option<string?>("--model-version") { Description = "The model's version." };
        var json = new Option<bool>("--json") { Description = "One JSON object per file and line." };
        var force = new Option<bool>("--force") { Description = "Replace output files that exist (an input is never replaced)." };
        var explicitLabel = new Option<string?>("--explicit-label")
        {
            Description = "Add the explicit AI label (GB 45438-2025): on an image or video, drawn at this edge or corner: bottom-right (the default when no position is given), bottom-left, top-right, top-left, bottom-center, top-center; on audio, played first (see --label-audio).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        explicitLabel.AcceptOnlyFromAmong(LabelPositions.Keys.ToArray());
        var labelText = new Option<string?>("--label-text") { Description = "The label's text (default \"AI生成\"; what a spoken audio label says, default \"人工智能生成\"); implies --explicit-label." };
        var labelSpan = new Option<string?>("--label-span")
        {
            Description = "Which frames of a video show the label: opening (the default: the first 2 s), opening-and-end, throughout; implies --explicit-label.",
        };
        labelSpan.AcceptOnlyFromAmong(LabelSpans.Keys.ToArray());
        var labelAudio = new Option<string?>("--label-audio")
        {
            Description = "The audible label of an audio file, played before its content: rhythm (the default: \"short long short short\") or speech (espeak-ng says --label-text, default \"人工智能生成\"); implies --explicit-label.",
        };
        labelAudio.AcceptOnlyFromAmong("rhythm", "speech");
        var command = new Command("sign", "Sign images, videos and audio through the service: watermark, AIGC label, C2PA manifest.")
        {
            files, output, outputDirectory, server, apiKey, model, modelVersion, json, force, explicitLabel, labelText, labelSpan, labelAudio,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(output) is null) == (result.GetValue(outputDirectory) is null))
            {
                result.AddError("Give exactly one of --out (one input) or --out-dir.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(files)!, parse.GetValue(output), parse.GetValue(outputDirectory),
            parse.GetValue(server)!, ServiceConnection.ResolveApiKey(parse.GetValue(apiKey)),
            new GenerationInfo { ModelName = parse.GetValue(model)!, ModelVersion = parse.GetValue(modelVersion) ?? "" },
            parse.GetResult(explicitLabel) is null && parse.GetValue(labelText) is null && parse.GetValue(labelSpan) is null && parse.GetValue(labelAudio) is null
                ? null
                : new ExplicitLabelOptions
                {
                    Text = parse.GetValue(labelText) ?? "",
                    Position = LabelPositions.Parse(parse.GetValue(explicitLabel) ?? LabelPositions.Default),
                    Span = parse.GetValue(labelSpan) is { } span ? LabelSpans.Parse(span) : ExplicitLabelSpan.Unspecified,
                    Audio = parse.GetValue(labelAudio) switch
                    {
                        "speech" => ExplicitLabelAudio.Speech,
                        "rhythm" => ExplicitLabelAudio.Rhythm,
                        _ => ExplicitLabelAudio.Unspecified,
                    },
                },
            parse.GetValue(json), parse.GetValue(force), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, FileInfo? output, DirectoryInfo? outputDirectory, Uri server, string? apiKey,
        GenerationInfo generation, ExplicitLabelOptions? explicitLabel, bool json, bool force, CancellationToken cancellationToken)
    {
        if (apiKey is null)
        {
            Console.Error.WriteLine($"provenance sign: a generator API key is required (--api-key or {ServiceConnection.ApiKeyVariable}).");
            return ExitCodes.UsageOrUnreadable;
        }
        var inputs = InputFiles.Expand(paths).ToList();
        if (inputs.Count == 0 || (output is not null && inputs.Count != 1))
        {
            Console.Error.WriteLine(inputs.Count == 0 ? "provenance sign: no images, videos or audio files under the given paths." : "provenance sign: --out takes exactly one input; use --out-dir.");
            return ExitCodes.UsageOrUnreadable;
        }
        var (targets, refusals) = OutputTargets.Plan(inputs, input => output?.FullName ?? Path.Combine(outputDirectory!.FullName, Path.GetFileName(input)), force);
        if (refusals.Count > 0)
        {
            foreach (var refusal in refusals)
            {
                Console.Error.WriteLine("provenance sign: " + refusal);
            }
            Console.Error.WriteLine("provenance sign: nothing was signed.");
            return ExitCodes.UsageOrUnreadable;
        }
        outputDirectory?.Create();

        using var connection = new ServiceConnection(server, apiKey, maxResponseBytes: ServiceConnection.UnaryLimit + 1024 * 1024);
        var exitCode = ExitCodes.Success;
        var showProgress = !json && inputs.Count > 1 && !Console.IsOutputRedirected;

        async Task SignAll(Action advance)
        {
            foreach (var input in inputs)
            {
                var target = targets[input];
                var result = await SignOneAsync(connection, input, target, generation, explicitLabel, force, showProgress, cancellationToken);
                if (result.Failure is { } failure)
                {
                    exitCode = Math.Max(exitCode, failure.ExitCode);
                }
                Report(input, target, result, json, showProgress);
                advance();
            }
        }

        if (showProgress)
        {
            await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask($"Signing {inputs.Count} files", maxValue: inputs.Count);
                await SignAll(() => task.Increment(1));
            });
        }
        else
        {
            await SignAll(() => { });
        }
        return exitCode;
    }

    private sealed record SignResult(SignResponse? Response, (string Message, int ExitCode)? Failure);

    private static async Task<SignResult> SignOneAsync(ServiceConnection connection, string input, string target, GenerationInfo generation,
        ExplicitLabelOptions? explicitLabel, bool force, bool showProgress, CancellationToken cancellationToken)
    {
        var video = InputFiles.IsVideo(input);
        byte[]? media = null;
        if (video)
        {
            if (InputFiles.CheckVideo(input, MediaLimits.Default.MaxVideoBytes) is { } tooLarge)
            {
                return new SignResult(null, (tooLarge, ExitCodes.UsageOrUnreadable));
            }
        }
        else if ((media = InputFiles.TryRead(input, MediaLimits.Default.MaxFileBytes, out var readError)) is null)
        {
            return new SignResult(null, (readError!, ExitCodes.UsageOrUnreadable));
        }
        // Write beside the target and rename, so that a crash never leaves a half-written signed file.
        var temporary = target + ".partial";
        try
        {
            SignResponse response;
            if (video)
            {
                // A video streams from and to disk, with a progress line while stderr is a terminal (not under the
                // multi-file progress bar, which owns the terminal then).
                using var progress = showProgress ? TerminalProgress.Quiet : TerminalProgress.ForFile(input);
                response = await SignClient.SignFileAsync(connection, input, temporary, generation, explicitLabel, progress, cancellationToken);
            }
            else
            {
                (response, var signed) = await SignClient.SignAsync(connection, media!, generation, explicitLabel, cancellationToken);
                await File.WriteAllBytesAsync(temporary, signed, cancellationToken);
            }
            // Without --force a file that appeared since the plan is kept (IOException below).
            File.Move(temporary, target, overwrite: force);
            return new SignResult(response, null);
        }
        catch (RpcException e)
        {
            return new SignResult(null, ($"the service answered {e.StatusCode}: {e.Status.Detail}", ExitCodes.NotVerified));
        }
        catch (HttpRequestException e)
        {
            return new SignResult(null, ($"the service could not be reached: {e.Message}", ExitCodes.UsageOrUnreadable));
        }
        catch (IOException e)
        {
            return new SignResult(null, ($"could not write {target}: {e.Message}", ExitCodes.UsageOrUnreadable));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void Report(string input, string target, SignResult result, bool json, bool progress)
    {
        if (json)
        {
            var line = result.Response is { } r
                ? JsonSerializer.Serialize(new
                {
                    path = input, @out = target, manifest_id = r.ManifestId,
                    watermark_id = r.WatermarkId.Length > 0 ? r.WatermarkId : null, content_hash = r.ContentHash,
                    watermark_psnr_db = Math.Round(r.WatermarkPsnrDb, 2),
                    watermark_omitted_reason = r.WatermarkOmittedReason.Length > 0 ? r.WatermarkOmittedReason : null,
                    explicit_label = r.ExplicitLabel is { } l ? LabelJson(l) : null,
                })
                : JsonSerializer.Serialize(new { path = input, error = result.Failure!.Value.Message });
            Console.WriteLine(line);
        }
        else if (result.Response is { } response)
        {
            var text = (response.WatermarkOmittedReason.Length > 0
                    ? $"{input} -> {target}: {response.ManifestId}, {response.WatermarkOmittedReason}"
                    : $"{input} -> {target}: {response.ManifestId}, watermark {response.WatermarkId}, {response.WatermarkPsnrDb:F1} dB")
                + (response.ExplicitLabel is { } l ? ", " + LabelText(l) : "");
            if (progress)
            {
                AnsiConsole.MarkupLine(Markup.Escape(text));
            }
            else
            {
                Console.WriteLine(text);
            }
        }
        else
        {
            Console.Error.WriteLine($"{input}: {result.Failure!.Value.Message}");
        }
    }

    /// <summary>The `explicit_label` member of a `--json` line: where a picture's label was drawn, or which audible label was played for how long.</summary>
    private static object LabelJson(ExplicitLabelRegion l) => l.Sound is { } sound
        ? (object)new
        {
            text = l.Text.Length > 0 ? l.Text : null,
            audio = sound.Kind == ExplicitLabelAudio.Speech ? "speech" : "rhythm",
            start_seconds = sound.StartSeconds,
            end_seconds = sound.EndSeconds,
            characters_per_minute = sound.CharactersPerMinute > 0 ? Math.Round(sound.CharactersPerMinute, 1) : (double?)null,
        }
        : new
        {
            text = l.Text, position = LabelPositions.Name(l.Position), x = l.X, y = l.Y, width = l.Width, height = l.Height, text_height = l.TextHeight,
            // Videos only: the span and the runs of frames that show the label.
            span = l.Frames.Count > 0 ? LabelSpans.Name(l.Span) : null,
            frames = l.Frames.Count > 0
                ? l.Frames.Select(f => new { first_frame = f.FirstFrame, last_frame = f.LastFrame, start_seconds = f.StartSeconds, end_seconds = f.EndSeconds }).ToArray()
                : null,
        };

    private static string LabelText(ExplicitLabelRegion l) => l.Sound is { } sound
        ? (sound.Kind == ExplicitLabelAudio.Speech ? $"spoken label \"{l.Text}\"" : "rhythm-prompt label") + $" played first ({sound.StartSeconds:0.###}-{sound.EndSeconds:0.###} s)"
        : $"label \"{l.Text}\" at {LabelPositions.Name(l.Position)} ({l.Width}x{l.Height} at {l.X},{l.Y})";
}
