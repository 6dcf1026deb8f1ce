using System.ComponentModel.DataAnnotations;

namespace ProvenanceService.Options;

/// <summary>Where the service keeps its state (configuration section "Storage"; `--data-dir` sets DataDirectory).</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Directory of the SQLite database; relative paths are taken from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>File name of the database inside <see cref="DataDirectory"/>.</summary>
    [Required]
    public string DatabaseFile { get; set; } = "provenance.db";

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFile));
}
