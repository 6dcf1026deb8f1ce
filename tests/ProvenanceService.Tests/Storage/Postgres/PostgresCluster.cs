using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ProvenanceService.Tests.Storage.Postgres;

/// <summary>
/// A throwaway PostgreSQL 15 cluster from Debian's postgresql package: initdb into a temporary directory, started
/// on a free loopback port, stopped and removed when the tests end. initdb refuses to run as root, so as root
/// (CI) every server command runs as the <c>postgres</c> user through runuser, which needs no terminal or
/// password. Durability is switched off (fsync, synchronous_commit): these tests are about behaviour, not power
/// cuts. Each test class asks for its own database, so classes never see each other's rows.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private string _root = "";

    public int Port { get; private set; }

    /// <summary>Connection string of the cluster's maintenance database.</summary>
    public string AdminConnectionString => Connection("postgres");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({BinDirectory}/initdb is missing): run scripts/setup.sh --test (apt package postgresql-15).");
        }
        // Created with mode 700, which initdb and the server insist on for their directories.
        _root = Directory.CreateTempSubdirectory("provenance-pg-").FullName;
        if (IsRoot)
        {
            await RunAsync("chown", [ServiceUser + ":" + ServiceUser, _root], asServiceUser: false);
        }
        await RunAsync(Path.Combine(BinDirectory, "initdb"),
            ["-D", Path.Combine(_root, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);

        // A port that was free a moment ago can be taken before the server binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Starts the server (again) on <see cref="Port"/>.</summary>
    public Task StartAsync() => RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
    [
        "-D", Path.Combine(_root, "data"), "-l", Path.Combine(_root, "server.log"), "-w", "-t", "30", "-o",
        $"-c listen_addresses=127.0.0.1 -p {Port} -k {_root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        "start",
    ]);

    /// <summary>
    /// Stops the server, cutting every client connection. Fast, not immediate: with synchronous_commit off an
    /// immediate stop would lose the last commits, which is this cluster's setting, not the store's behaviour.
    /// </summary>
    public Task StopAsync() => Stop("fast");

    private Task Stop(string mode) => RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", mode, "-w", "stop"]);

    public async Task DisposeAsync()
    {
        if (_root.Length == 0)
        {
            return;
        }
        try
        {
            await Stop("immediate");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A new, empty database on the cluster; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync();
        return Connection(name);
    }

    private string Connection(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 10 }.ToString();

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServiceUser = true)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asServiceUser && IsRoot)
        {
            info.FileName = "runuser";
            foreach (var a in (string[])["-u", ServiceUser, "--", program])
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            info.FileName = program;
        }
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres cluster";
}
