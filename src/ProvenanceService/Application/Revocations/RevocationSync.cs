using Microsoft.Extensions.Options;
using ProvenanceService.Auth;
using ProvenanceService.Options;
using ProvenanceService.Storage;

namespace ProvenanceService.Application.Revocations;

/// <summary>
/// Keeps this replica's revocations and the database's in step, every <see cref="StorageOptions.RevocationSyncInterval"/>
/// (250 ms by default, well inside the promise that a revocation reaches every replica within a second): first
/// it stores any revocation in this replica's key files that the database lacks (an operator ran
/// <c>provenance keys revoke</c> on this replica's key set), then it reads back everything stored, which
/// includes what other replicas published. A failed round is logged and retried at the next tick; the last
/// set read stays in force meanwhile.
/// </summary>
internal sealed class RevocationSync(
    IManifestStore store,
    ClientRegistry registry,
    SignerRevocations signers,
    SharedRevocations shared,
    IOptions<StorageOptions> options,
    ILogger<RevocationSync> logger) : BackgroundService
{
    private bool _failing;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first round before the first call, so a restarted replica never serves a key revoked meanwhile.
        await SyncOnceAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevocationSyncInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await SyncOnceAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One round: publish what the local files add, then read the shared set. Never throws but for cancellation.</summary>
    public async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var revocation in LocalRevocations())
            {
                if (!shared.Contains(revocation) && await store.AddRevocationAsync(revocation, cancellationToken).ConfigureAwait(false))
                {
                    logger.LogWarning("Published the revocation of {Kind} {Subject} ({Key}) to the shared store: {Reason}",
                        revocation.Kind, revocation.Subject, revocation.Key, revocation.Reason);
                }
            }
            var stored = await store.ListRevocationsAsync(cancellationToken).ConfigureAwait(false);
            var before = shared.Count;
            shared.Replace(stored);
            if (shared.Count != before)
            {
                logger.LogInformation("Shared revocations: {Count} in force", shared.Count);
            }
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("Revocation sync with the store works again");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Logged once per outage, not four times a second.
            if (!_failing)
            {
                _failing = true;
                logger.LogError(e, "Revocation sync with the store failed; the last revocations read stay in force and the sync keeps trying");
            }
        }
    }

    private IEnumerable<StoredRevocation> LocalRevocations()
    {
        var clients = registry.Document;
        foreach (var g in clients.Generators)
        {
            if (g.Revoked is { } r)
            {
                yield return new StoredRevocation(RevocationKinds.GeneratorKey, g.KeySha256, g.Name, r.At, r.Reason);
            }
        }
        foreach (var p in clients.Platforms)
        {
            if (p.Revoked is { } r)
            {
                yield return new StoredRevocation(RevocationKinds.PlatformKey, p.KeySha256, p.Name, r.At, r.Reason);
            }
        }
        foreach (var a in clients.Auditors)
        {
            if (a.Revoked is { } r)
            {
                yield return new StoredRevocation(RevocationKinds.AuditorKey, a.KeySha256, a.Name, r.At, r.Reason);
            }
        }
        foreach (var s in signers.Current.Signers)
        {
            yield return new StoredRevocation(RevocationKinds.SignerCertificate, s.CertificateSha256, s.Subject, s.At, s.Reason);
        }
    }
}
