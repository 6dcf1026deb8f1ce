namespace ProvenanceService.Configuration;

/// <summary>
/// A configuration file parsed once and parsed again when it changes on disk, so that a revocation takes effect
/// without a restart. The file's timestamp and length are checked at most once per <see cref="CheckInterval"/>;
/// a change that does not parse keeps the last good version (and is logged), so a half-written edit never
/// locks everyone out.
/// </summary>
internal sealed class ReloadingFile<T> where T : class
{
    // Short enough that a revocation published through the shared store reaches every replica within a second
    // (this check, then RevocationSync on both sides at 250 ms each); one stat per interval costs nothing.
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);
    private readonly string? _path;
    private readonly Func<string, T> _parse;
    private readonly T _whenAbsent;
    private readonly Action<string, Exception>? _onError;
    private readonly Lock _gate = new();
    private T _current;
    private (DateTime Written, long Length) _stamp;
    private long _nextCheck;

    /// <param name="whenAbsent">The value while the file does not exist (null: the file is required).</param>
    public ReloadingFile(string path, Func<string, T> parse, T? whenAbsent = null, Action<string, Exception>? onError = null)
    {
        _path = path;
        _parse = parse;
        _onError = onError;
        _whenAbsent = whenAbsent!;
        if (!File.Exists(path) && whenAbsent is null)
        {
            throw new FileNotFoundException($"{path} does not exist.", path);
        }
        (_current, _stamp) = Load();
    }

    private ReloadingFile(T value)
    {
        _parse = _ => value;
        _whenAbsent = value;
        _current = value;
    }

    /// <summary>A value that never changes (tests, or configuration given in memory).</summary>
    public static ReloadingFile<T> Fixed(T value) => new(value);

    public T Current
    {
        get
        {
            if (_path is null || Environment.TickCount64 < Volatile.Read(ref _nextCheck))
            {
                return Volatile.Read(ref _current);
            }
            lock (_gate)
            {
                Volatile.Write(ref _nextCheck, Environment.TickCount64 + (long)CheckInterval.TotalMilliseconds);
                if (Stamp() != _stamp)
                {
                    try
                    {
                        var (value, stamp) = Load();
                        Volatile.Write(ref _current, value);
                        _stamp = stamp;
                    }
                    catch (Exception e) when (e is IOException or FormatException or System.Text.Json.JsonException or UnauthorizedAccessException)
                    {
                        _onError?.Invoke(_path, e);
                    }
                }
                return _current;
            }
        }
    }

    private (T, (DateTime, long)) Load()
    {
        var stamp = Stamp();
        if (File.Exists(_path))
        {
            return (_parse(File.ReadAllText(_path!)), stamp);
        }
        return _whenAbsent is null ? throw new FileNotFoundException($"{_path} disappeared.", _path) : (_whenAbsent, stamp);
    }

    private (DateTime Written, long Length) Stamp()
    {
        var info = new FileInfo(_path!);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }
}
