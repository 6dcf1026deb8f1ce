using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProvenanceService.Hosting;

namespace ProvenanceService.Tests.Hosting;

/// <summary>
/// The service's own registration (AddProvenanceService / MapProvenanceService) in the test process, on an
/// ephemeral port, with room for test-only services mapped beside it.
/// </summary>
internal static class InProcessHost
{
    public static WebApplicationBuilder CreateBuilder(params string[] arguments) =>
        WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = arguments,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });

    public static async Task<(WebApplication App, string Address)> StartAsync(
        Action<WebApplication>? map = null, Action<IServiceCollection>? services = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "provenance-inprocess-" + Guid.NewGuid().ToString("N"));
        var builder = CreateBuilder("--urls", "http://127.0.0.1:0", "--Web:Urls", "none", "--Storage:DataDirectory", data);
        builder.Logging.ClearProviders();
        builder.AddProvenanceService();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapProvenanceService();
        map?.Invoke(app);
        app.Lifetime.ApplicationStopped.Register(() => DeleteDataDirectory(data));
        await app.StartAsync();
        return (app, app.Urls.Single());
    }

    /// <summary>Removes a test host's data directory once its database connections are closed.</summary>
    public static void DeleteDataDirectory(string data)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
