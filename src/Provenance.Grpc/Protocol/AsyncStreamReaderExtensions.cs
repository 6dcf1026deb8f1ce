using System.Runtime.CompilerServices;

namespace Provenance.Grpc;

public static class AsyncStreamReaderExtensions
{
    /// <summary>Reads the whole stream as an <see cref="IAsyncEnumerable{T}"/>.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        this IAsyncStreamReader<T> reader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
