using Grpc.Core;
using Google.Protobuf;
using Provenance.Contracts.V1;
using Provenance.Core.C2pa;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;
using ProvenanceService.Application.Revocations;
using ProvenanceService.Auth;
using ProvenanceService.Rpc;
using ProvenanceService.Storage;
using ProvenanceService.Storage.Faults;

namespace ProvenanceService.Application;

/// <summary>
/// Sign: authenticate the generator, run the Sign pipeline, store the record and its audit line durably, answer.
/// Every call, refused ones included, leaves an audit line: also a call whose request the transport refused
/// before any handler ran (Rpc/RefusedSignAudit.cs reports those).
/// </summary>
internal sealed class SigningService(
    ContentSigner signer,
    IManifestStore store,
    ClientRegistry registry,
    SignerRevocations signerRevocations,
    TimeProvider time,
    ILogger<SigningService> logger)
{
    /// <summary>Fresh IDs drawn when the store reports a collision; 2^64 values make even one retry unlikely.</summary>
    private const int IdAttempts = 3;
    private const int PromptDigestLength = 32;
    private const string Unauthenticated = "(unauthenticated)";

    /// <summary>
    /// The generator behind an <c>authorization</c> header; a refusal is audited and thrown as
    /// <see cref="AuthenticationFailedException"/>. Called before any media is read.
    /// </summary>
    public async Task<GeneratorIdentity> AuthenticateAsync(string? authorization)
    {
        try
        {
            return registry.AuthenticateGenerator(authorization);
        }
        catch (AuthenticationFailedException e)
        {
            await AuditFailureAsync(Unauthenticated, StatusCode.Unauthenticated, 0, e.Message).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Audits a unary Sign call whose request message the transport refused (too large, malformed), so that
    /// SignAsync never ran. The generator is named when the call's key authenticates.
    /// </summary>
    public Task AuditRefusedRequestAsync(string? authorization, Status status)
    {
        string generator;
        try
        {
            generator = registry.AuthenticateGenerator(authorization).Name;
        }
        catch (AuthenticationFailedException)
        {
            generator = Unauthenticated;
        }
        return AuditFailureAsync(generator, status.StatusCode, 0, status.Detail);
    }

    /// <summary>
    /// Audits a SignStream call whose stream ended before its media was complete (out of order, over the
    /// file-size limit, cancelled); the exception then goes on to become the caller's status.
    /// </summary>
    public Task AuditRefusedStreamAsync(GeneratorIdentity generator, Status status) =>
        AuditFailureAsync(generator.Name, status.StatusCode, 0, status.Detail);

    public async Task<SignResponse> SignAsync(SignRequest request, GeneratorIdentity generator, CancellationToken cancellationToken)
    {
        try
        {
            Validate(request);
            // A file signed with a revoked certificate would verify as untrusted the moment it left: refuse until
            // the operator installs a new signing credential.
            if (signerRevocations.ReasonFor(signer.SignerThumbprint) is { } revoked)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "This service's signing certificate is revoked; it cannot sign until it has a new one: " + revoked));
            }
            var generation = request.Generation;
            var explicitLabel = ExplicitLabelMapping.FromRequest(request.ExplicitLabel);
            for (var attempt = 1; ; attempt++)
            {
                var input = new SignInput(
                    new ContentGenerator(generator.Name, generator.Organisation, generator.ContentProducer),
                    generation.ModelName,
                    NullIfEmpty(generation.ModelVersion),
                    NullIfEmpty(generation.Title),
                    WatermarkIds.NewId(),
                    NullIfEmpty(request.MimeType),
                    explicitLabel);
                var signed = signer.Sign(request.Media.Span, input);
                // A caller that has gone away gets nothing stored in its name.
                cancellationToken.ThrowIfCancellationRequested();

                var now = time.GetUtcNow();
                var record = new ManifestRecord(signed.ManifestId, signed.WatermarkIdHex, signed.ContentHash, signed.Fingerprint,
                    generator.Name, generator.KeyHash, signed.SignerThumbprint, signed.MimeType, signed.ManifestStore, signed.ManifestJson,
                    now, generation.PromptDigest.IsEmpty ? null : generation.PromptDigest.ToByteArray());
                var audit = new SignAuditEntry(now, generator.Name, "OK", signed.ManifestId, signed.WatermarkIdHex, signed.ContentHash,
                    request.Media.Length, $"{signed.MimeType}, model {generation.ModelName}{(signed.ExplicitLabel is null ? "" : ", explicit label")}");
                try
                {
                    // Durable when this returns (SQLite WAL, synchronous=FULL): only then is the caller told.
                    await store.AddSignedAsync(record, audit, CancellationToken.None).ConfigureAwait(false);
                }
                catch (DuplicateWatermarkIdException) when (attempt < IdAttempts)
                {
                    logger.LogWarning("Watermark ID {WatermarkId} collided with a stored one; drawing another", signed.WatermarkIdHex);
                    continue;
                }
                logger.LogInformation("Signed {MimeType} for {Generator}: manifest {ManifestId}, watermark {WatermarkId}, {Psnr:F1} dB",
                    signed.MimeType, generator.Name, signed.ManifestId, signed.WatermarkIdHex, signed.WatermarkPsnrDb);
                return new SignResponse
                {
                    Media = ByteString.CopyFrom(signed.Bytes),
                    MimeType = signed.MimeType,
                    ManifestId = signed.ManifestId,
                    // The record keeps the drawn ID either way (IDs stay unique); the caller hears only of one in the pixels.
                    WatermarkId = signed.Watermarked ? signed.WatermarkIdHex : "",
                    ContentHash = signed.ContentHash,
                    WatermarkPsnrDb = signed.WatermarkPsnrDb,
                    WatermarkOmittedReason = signed.WatermarkOmittedReason ?? "",
                    ExplicitLabel = signed.ExplicitLabel is { } drawn ? ExplicitLabelMapping.ToResponse(drawn) : null,
                };
            }
        }
        catch (Exception e)
        {
            var (code, detail) = Describe(e);
            await AuditFailureAsync(generator.Name, code, request.Media.Length, detail).ConfigureAwait(false);
            throw;
        }
    }

    // The status the caller gets (Rpc/ExceptionStatuses.cs); cancellation is the caller going away or its
    // deadline passing; anything unmapped is INTERNAL, named by type only, as the caller sees no detail of it either.
    private static (StatusCode Code, string Detail) Describe(Exception e)
    {
        if (e is OperationCanceledException)
        {
            return (StatusCode.Cancelled, "The call was cancelled or its deadline passed before it was signed.");
        }
        var status = ExceptionStatuses.For(e);
        return e is RpcException || ExceptionStatuses.Mapped(e) is not null ? (status.StatusCode, status.Detail) : (status.StatusCode, e.GetType().Name);
    }

    private static void Validate(SignRequest request)
    {
        if (request.Media.IsEmpty)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "media is empty."));
        }
        if (request.Generation is null || string.IsNullOrWhiteSpace(request.Generation.ModelName))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "generation.model_name is required: it names the model in the manifest."));
        }
        if (!request.Generation.PromptDigest.IsEmpty && request.Generation.PromptDigest.Length != PromptDigestLength)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"generation.prompt_digest must be a SHA-256 ({PromptDigestLength} bytes)."));
        }
    }

    private async Task AuditFailureAsync(string generator, StatusCode code, long inputBytes, string detail)
    {
        try
        {
            await store.AppendAuditAsync(new SignAuditEntry(time.GetUtcNow(), generator, code.ToString(), null, null, null,
                inputBytes, detail), CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreFaultException e)
        {
            // The store's own fault (full, unavailable, lost) already explains it: one line, no stack trace.
            logger.LogError("Could not write the audit line of a failed Sign call ({Code}): {Reason}", code, e.Message);
        }
        catch (Exception e)
        {
            // The caller's error matters more than the audit line; the failure to audit is logged loudly instead.
            logger.LogError(e, "Could not write the audit line of a failed Sign call ({Code})", code);
        }
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
