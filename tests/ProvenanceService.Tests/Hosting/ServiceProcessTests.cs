using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Health.V1;
using Provenance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Testing.Service;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Tests.Hosting;

/// <summary>The service binary as an operator runs it: configuration, refusal to start, TLS, SIGTERM.</summary>
public sealed class ServiceProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Address_and_limits_come_from_the_environment()
    {
        await using var service = await ServiceProcess.StartAsync(
            environment: new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Grpc__MaxReceiveMessageSize"] = "1000",
            },
            defaultUrl: false);
        using var channel = GrpcChannel.ForAddress(service.Address);
        var client = new ProvenanceClient(channel);

        var small = await Assert.ThrowsAsync<RpcException>(() => client.VerifyAsync(new VerifyRequest { Media = ByteString.CopyFrom(new byte[900]) }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, small.StatusCode);
        var large = await Assert.ThrowsAsync<RpcException>(() => client.VerifyAsync(new VerifyRequest { Media = ByteString.CopyFrom(new byte[1100]) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, large.StatusCode);
    }

    [Theory]
    [InlineData("--Grpc:MaxReceiveMessageSize=0", "Grpc:MaxReceiveMessageSize")]
    [InlineData("--Grpc:MaxReceiveMessageSize=lots", "Grpc:MaxReceiveMessageSize")]
    [InlineData("--Grpc:ResponseCompression=brotli", "Grpc:ResponseCompression")]
    [InlineData("--Limits:MaxFileBytes=0", "MaxFileBytes")]
    [InlineData("--Watermark:MinPsnrDb=50", "PSNR bounds")]
    public async Task Invalid_settings_stop_the_start_with_a_message_naming_them(string argument, string setting)
    {
        var (exitCode, stderr, _) = await ServiceProcess.RunToFailureAsync([argument]);
        Assert.Equal(2, exitCode);
        Assert.StartsWith("provenance-service: invalid configuration:", stderr);
        Assert.Contains(setting, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Tls_is_used_when_a_certificate_is_configured()
    {
        using var certificate = CreateLoopbackCertificate();
        var pfx = Path.Combine(Path.GetTempPath(), $"provenance-tls-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "test-password"));
        try
        {
            await using var service = await ServiceProcess.StartAsync(
                ["--urls", "https://127.0.0.1:0", "--Kestrel:Certificates:Default:Path", pfx, "--Kestrel:Certificates:Default:Password", "test-password"],
                defaultUrl: false);
            Assert.StartsWith("https://", service.Address);

            using var trusting = GrpcChannel.ForAddress(service.Address, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) =>
                        presented is not null && presented.GetCertHashString() == certificate.GetCertHashString() },
                },
            });
            Assert.Equal(ServingStatus.Serving, (await new Health.HealthClient(trusting).CheckAsync(new HealthCheckRequest())).Status);

            using var untrusting = GrpcChannel.ForAddress(service.Address);
            var refused = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(untrusting).CheckAsync(new HealthCheckRequest()).ResponseAsync);
            // Grpc.Net.Client reports a failed TLS handshake as INTERNAL, with the handshake's error as detail.
            Assert.Equal(StatusCode.Internal, refused.StatusCode);
            Assert.Contains("SSL connection could not be established", refused.Status.Detail);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task Sigterm_releases_watchers_and_exits_cleanly()
    {
        await using var service = await ServiceProcess.StartAsync();
        using var channel = GrpcChannel.ForAddress(service.Address);
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = "provenance.v1.Provenance" });
        Assert.True(await watch.ResponseStream.MoveNext().WaitAsync(Patience));
        Assert.Equal(ServingStatus.Serving, watch.ResponseStream.Current.Status);

        service.Process.Terminate();

        Assert.True(await watch.ResponseStream.MoveNext().WaitAsync(Patience));
        Assert.Equal(ServingStatus.NotServing, watch.ResponseStream.Current.Status);
        Assert.False(await watch.ResponseStream.MoveNext().WaitAsync(Patience));
        Assert.Equal(StatusCode.OK, watch.GetStatus().StatusCode);
        Assert.Equal(0, await service.Process.WaitForExitAsync(Patience));
        Assert.Contains(service.Process.StandardOutput, line => line.Contains("Provenance service stopping"));
    }

    private static X509Certificate2 CreateLoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=provenance test server", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
