using Provenance.Core.C2pa;
using Provenance.Core.Diagnostics;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;
using ProvenanceService.Application.Errors;
using ProvenanceService.Application.Revocations;
using ProvenanceService.Auth;
using ProvenanceService.Storage;
using ProvenanceService.Storage.Faults;

namespace ProvenanceService.Application;

/// <summary>
/// Sign: run the Sign pipeline for an authenticated generator, store the record and its audit line durably, answer
/// with the signed file. Calls that fail leave an audit line too, written by the caller of this service through
/// <see cref="AuditFailureAsync"/> with the outcome its caller got (Rpc/SignAudit.cs), since only that layer
/// knows it.
/// </summary>
internal sealed class SigningService(
    ContentSigner signer,
    IManifestStore store,
    ClientRegistry registry,
    SignerRevocations signerRevocations,
    TimeProvider time,
    ILogger<SigningService> logger)
{
    /// <summary>How the audit log names a caller whose key did not authenticate.</summary>
    public const string Unauthenticated = "(unauthenticated)";

    /// <summary>Fresh IDs drawn when the store reports a collision; 2^64 values make even one retry unlikely.</summary>
    private const int IdAttempts = 3;
    private const int PromptDigestLength = 32;

    /// <summary>The generator behind an <c>authorization</c> header; throws <see cref="AuthenticationFailedException"/> otherwise.</summary>
    public GeneratorIdentity Authenticate(string? authorization) => registry.AuthenticateGenerator(authorization);

    public async Task<SignedContent> SignAsync(SignCommand command, GeneratorIdentity generator, CancellationToken cancellationToken)
    {
        Validate(command);
        using var span = PipelineStages.StartOperation(PipelineStages.Sign);
        // A file signed with a revoked certificate would verify as untrusted the moment it left: refuse until the
        // operator installs a new signing credential.
        if (signerRevocations.ReasonFor(signer.SignerThumbprint) is { } revoked)
        {
            throw new PreconditionFailedException("This service's signing certificate is revoked; it cannot sign until it has a new one: " + revoked);
        }
        for (var attempt = 1; ; attempt++)
        {
            var input = new SignInput(
                new ContentGenerator(generator.Name, generator.Organisation, generator.ContentProducer),
                command.ModelName, command.ModelVersion, command.Title, WatermarkIds.NewId(), command.MimeType, command.ExplicitLabel, command.AudibleLabel);
            var signed = command.File is { } file
                ? signer.SignVideoFile(file.Path, file.SignedPath, input, new CancellingProgress(cancellationToken))
                : signer.Sign(command.Media.Span, input);
            // A caller that has gone away gets nothing stored in its name.
            cancellationToken.ThrowIfCancellationRequested();

            var now = time.GetUtcNow();
            var record = new ManifestRecord(signed.ManifestId, signed.WatermarkIdHex, signed.ContentHash, signed.Fingerprint,
                generator.Name, generator.KeyHash, signed.SignerThumbprint, signed.MimeType, signed.ManifestStore, signed.ManifestJson,
                now, command.PromptDigest);
            var audit = new SignAuditEntry(now, generator.Name, "OK", signed.ManifestId, signed.WatermarkIdHex, signed.ContentHash,
                command.Length, $"{signed.MimeType}, model {command.ModelName}{(signed.ExplicitLabel is null ? "" : ", explicit label")}{(signed.AudibleLabel is { } played ? $", audible label ({played.Kind})" : "")}");
            try
            {
                // Durable when this returns (SQLite WAL, synchronous=FULL): only then is the caller told.
                using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.Store);
                await store.AddSignedAsync(record, audit, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DuplicateWatermarkIdException) when (attempt < IdAttempts)
            {
                logger.LogWarning("Watermark ID {WatermarkId} collided with a stored one; drawing another", signed.WatermarkIdHex);
                continue;
            }
            logger.LogInformation("Signed {MimeType} for {Generator}: manifest {ManifestId}, watermark {WatermarkId}, {Psnr:F1} dB",
                signed.MimeType, generator.Name, signed.ManifestId, signed.WatermarkIdHex, signed.WatermarkPsnrDb);
            return signed;
        }
    }

    /// <summary>
    /// The generator named by an <c>authorization</c> header for the audit log, or <see cref="Unauthenticated"/>:
    /// for calls refused before their key was checked.
    /// </summary>
    public string AuditName(string? authorization)
    {
        try
        {
            return registry.AuthenticateGenerator(authorization).Name;
        }
        catch (AuthenticationFailedException)
        {
            return Unauthenticated;
        }
    }

    /// <summary>Appends the audit line of a Sign call that stored nothing. Never throws: a failure to audit is logged instead.</summary>
    /// <param name="outcome">What the caller got, e.g. the status code's name.</param>
    public async Task AuditFailureAsync(string generator, string outcome, long inputBytes, string detail)
    {
        try
        {
            await store.AppendAuditAsync(new SignAuditEntry(time.GetUtcNow(), generator, outcome, null, null, null, inputBytes, detail),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreFaultException e)
        {
            // The store's own fault (full, unavailable, lost) already explains it: one line, no stack trace.
            logger.LogError("Could not write the audit line of a failed Sign call ({Outcome}): {Reason}", outcome, e.Message);
        }
        catch (Exception e)
        {
            // The caller's error matters more than the audit line; the failure to audit is logged loudly instead.
            logger.LogError(e, "Could not write the audit line of a failed Sign call ({Outcome})", outcome);
        }
    }

    private static void Validate(SignCommand command)
    {
        if (command.Media.IsEmpty && command.File is not { Length: > 0 })
        {
            throw new InvalidRequestException("media is empty.");
        }
        if (string.IsNullOrWhiteSpace(command.ModelName))
        {
            throw new InvalidRequestException("generation.model_name is required: it names the model in the manifest.");
        }
        if (command.PromptDigest is { Length: not PromptDigestLength })
        {
            throw new InvalidRequestException($"generation.prompt_digest must be a SHA-256 ({PromptDigestLength} bytes).");
        }
    }
}
