using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Provenance.Grpc.Health;
using Provenance.Grpc.Tests.Infrastructure;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Provenance.Grpc.Tests.Health;

public sealed class HealthServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private EchoHost _host = null!;
    private GrpcHealthService _health = null!;

    public async Task InitializeAsync()
    {
        _host = await EchoHost.StartAsync();
        _health = _host.Services.GetRequiredService<GrpcHealthService>();
        _health.SetStatus("", ServingStatus.Serving);
        _health.SetStatus("echo.v1.Echo", ServingStatus.Serving);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Check_reports_recorded_statuses_and_not_found_for_others()
    {
        using var channel = _host.CreateChannel();
        Assert.Equal(ServingStatus.Serving, (await channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest())).Status);
        Assert.Equal(ServingStatus.Serving, (await channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest { Service = "echo.v1.Echo" })).Status);

        _health.SetStatus("echo.v1.Echo", ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, (await channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest { Service = "echo.v1.Echo" })).Status);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest { Service = "nope" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Watch_sends_the_current_status_then_each_change()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ServerStreamingCall(HealthMethods.Watch, new HealthCheckRequest { Service = "echo.v1.Echo" });
        Assert.Equal(ServingStatus.Serving, await NextAsync(call.ResponseStream));

        _health.SetStatus("echo.v1.Echo", ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, await NextAsync(call.ResponseStream));
        _health.SetStatus("echo.v1.Echo", ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, await NextAsync(call.ResponseStream));
    }

    [Fact]
    public async Task Watch_of_an_unknown_service_says_so_and_keeps_watching()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ServerStreamingCall(HealthMethods.Watch, new HealthCheckRequest { Service = "later" });
        Assert.Equal(ServingStatus.ServiceUnknown, await NextAsync(call.ResponseStream));
        _health.SetStatus("later", ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, await NextAsync(call.ResponseStream));
        _health.ClearStatus("later");
        Assert.Equal(ServingStatus.ServiceUnknown, await NextAsync(call.ResponseStream));
    }

    [Fact]
    public async Task Shutdown_tells_watchers_not_serving_and_ends_their_streams()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ServerStreamingCall(HealthMethods.Watch, new HealthCheckRequest());
        Assert.Equal(ServingStatus.Serving, await NextAsync(call.ResponseStream));

        var stopping = _host.StopAsync();
        Assert.Equal(ServingStatus.NotServing, await NextAsync(call.ResponseStream));
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Patience));
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        await stopping.WaitAsync(Patience);
    }

    private static async Task<ServingStatus> NextAsync(IAsyncStreamReader<HealthCheckResponse> stream)
    {
        Assert.True(await stream.MoveNext().WaitAsync(Patience));
        return stream.Current.Status;
    }
}
