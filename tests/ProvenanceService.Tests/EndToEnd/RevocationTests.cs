using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Provenance.Contracts.V1;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Credentials;
using Provenance.Core.Imaging;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// Revoking a signing certificate or a generator key in the key set a running service reads: the service picks the
/// change up without a restart, and files signed before verify as untrusted with the operator's reason. Each test
/// runs its own service on its own copy of the example key set, since a revocation changes everything after it.
/// </summary>
public sealed class RevocationTests
{
    /// <summary>The service re-reads the key files every 250 ms; this leaves room for a loaded machine.</summary>
    private static readonly TimeSpan PickUpTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Files_of_a_revoked_signer_verify_as_untrusted_with_the_reason()
    {
        using var keys = new KeySetCopy();
        await using var service = await ServiceProcess.StartAsync(keys.ServiceArguments);
        using var channel = GrpcChannel.ForAddress(service.Address);
        var client = new ProvenanceClient(channel);
        var signed = await SignAsync(client, TestMedia.Load("butterfly.jpg"));
        var stripped = MediaEdits.ReEncode(signed.Media.ToByteArray(), EncodeSettings.Jpeg(85));
        Assert.Equal(Verdict.Verified, (await VerifyAsync(client, signed.Media)).Verdict);
        Assert.Equal(Verdict.Recovered, (await VerifyAsync(client, ByteString.CopyFrom(stripped))).Verdict);

        const string reason = "signing key copied off the HSM";
        using (var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(keys.PathOf(KeyDirectory.SignerChainFile))))
        {
            Revocations.RevokeSigner(keys.Directory, certificate, reason, DateTimeOffset.UtcNow);
        }

        var verify = await PollAsync(() => VerifyAsync(client, signed.Media), v => v.Verdict != Verdict.Verified);
        Assert.Equal(Verdict.Untrusted, verify.Verdict);
        Assert.Contains(reason, verify.VerdictReason, StringComparison.Ordinal);
        Assert.Contains(verify.ValidationStatus, s => s.Code == StatusCodes.SigningCredentialOcspRevoked);
        Assert.Equal(AigcLabel.AiGenerated, verify.AigcLabel);
        Assert.NotEmpty(verify.ReportId);

        var recovered = await VerifyAsync(client, ByteString.CopyFrom(stripped));
        Assert.Equal(Verdict.Untrusted, recovered.Verdict);
        Assert.Contains(reason, recovered.VerdictReason, StringComparison.Ordinal);

        var manifest = await client.GetManifestAsync(new GetManifestRequest { Id = signed.WatermarkId });
        Assert.True(manifest.Revoked);
        Assert.Contains(reason, manifest.RevocationReason, StringComparison.Ordinal);

        // Nothing more is signed with the revoked certificate: such files would be untrusted from the start.
        var refused = await Assert.ThrowsAsync<RpcException>(() => SignAsync(client, TestMedia.Load("butterfly.jpg")));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains(reason, refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_generator_key_is_refused_by_Sign_and_its_earlier_files_verify_as_untrusted()
    {
        using var keys = new KeySetCopy();
        await using var service = await ServiceProcess.StartAsync(keys.ServiceArguments);
        using var channel = GrpcChannel.ForAddress(service.Address);
        var client = new ProvenanceClient(channel);
        var photo = TestMedia.Load("building.jpg");
        var signed = await SignAsync(client, photo);
        var stripped = ByteString.CopyFrom(MediaEdits.ReEncode(signed.Media.ToByteArray(), EncodeSettings.Jpeg(85)));
        Assert.Equal(Verdict.Verified, (await VerifyAsync(client, signed.Media)).Verdict);

        const string reason = "API key posted in a public repository";
        Revocations.RevokeGenerator(keys.Directory, File.ReadAllText(keys.PathOf(KeyDirectory.GeneratorApiKeyFile)), reason, DateTimeOffset.UtcNow);

        var verify = await PollAsync(() => VerifyAsync(client, signed.Media), v => v.Verdict != Verdict.Verified);
        Assert.Equal(Verdict.Untrusted, verify.Verdict);
        Assert.Contains(reason, verify.VerdictReason, StringComparison.Ordinal);
        var recovered = await VerifyAsync(client, stripped);
        Assert.Equal(Verdict.Untrusted, recovered.Verdict);
        Assert.Contains(reason, recovered.VerdictReason, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<RpcException>(() => SignAsync(client, photo));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains(reason, refused.Status.Detail, StringComparison.Ordinal);

        var manifest = await client.GetManifestAsync(new GetManifestRequest { Id = signed.ManifestId });
        Assert.True(manifest.Revoked);
        Assert.Contains(reason, manifest.RevocationReason, StringComparison.Ordinal);
    }

    private static Task<SignResponse> SignAsync(ProvenanceClient client, byte[] media) =>
        client.SignAsync(new SignRequest { Media = ByteString.CopyFrom(media), Generation = new GenerationInfo { ModelName = "e2e-diffusion" } },
            Bearer.Of(ExampleKeys.GeneratorKey)).ResponseAsync;

    private static Task<VerifyResponse> VerifyAsync(ProvenanceClient client, ByteString media) =>
        client.VerifyAsync(new VerifyRequest { Media = media }).ResponseAsync;

    private static async Task<T> PollAsync<T>(Func<Task<T>> call, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + PickUpTimeout;
        while (true)
        {
            var result = await call();
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }
            await Task.Delay(200);
        }
    }
}
