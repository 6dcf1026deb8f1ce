using Google.Protobuf.Reflection;

namespace Provenance.Grpc.Reflection;

/// <summary>
/// The .proto files behind a set of services, with every file they import, indexed by file name and by the
/// fully qualified names of the symbols they declare (services, methods, messages, enums, extensions).
/// </summary>
internal sealed class DescriptorIndex
{
    private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
    private readonly HashSet<string> _messageTypes = new(StringComparer.Ordinal);
    private readonly List<FieldDescriptor> _extensions = [];

    public DescriptorIndex(IEnumerable<FileDescriptor> roots)
    {
        var pending = new Stack<FileDescriptor>(roots);
        while (pending.Count > 0)
        {
            var file = pending.Pop();
            if (!_files.TryAdd(file.Name, file))
            {
                continue;
            }
            IndexFile(file);
            foreach (var dependency in file.Dependencies)
            {
                pending.Push(dependency);
            }
        }
    }

    public FileDescriptor? FindFile(string name) => _files.GetValueOrDefault(name);

    public FileDescriptor? FindFileContainingSymbol(string symbol) => _symbols.GetValueOrDefault(symbol.TrimStart('.'));

    public FileDescriptor? FindFileContainingExtension(string containingType, int number) =>
        _extensions.FirstOrDefault(e => e.ExtendeeType.FullName == containingType.TrimStart('.') && e.FieldNumber == number)?.File;

    /// <summary>The extension numbers declared for a message type; null when the type is unknown.</summary>
    public IReadOnlyList<int>? ExtensionNumbersOf(string messageType)
    {
        var name = messageType.TrimStart('.');
        if (!_messageTypes.Contains(name))
        {
            return null;
        }
        return _extensions.Where(e => e.ExtendeeType.FullName == name).Select(e => e.FieldNumber).ToList();
    }

    /// <summary><paramref name="file"/> first, then everything it imports, transitively, each once.</summary>
    public static IReadOnlyList<FileDescriptor> WithDependencies(FileDescriptor file)
    {
        var ordered = new List<FileDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<FileDescriptor>();
        queue.Enqueue(file);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (!seen.Add(next.Name))
            {
                continue;
            }
            ordered.Add(next);
            foreach (var dependency in next.Dependencies)
            {
                queue.Enqueue(dependency);
            }
        }
        return ordered;
    }

    private void IndexFile(FileDescriptor file)
    {
        foreach (var service in file.Services)
        {
            _symbols.TryAdd(service.FullName, file);
            foreach (var method in service.Methods)
            {
                _symbols.TryAdd(method.FullName, file);
            }
        }
        foreach (var message in file.MessageTypes)
        {
            IndexMessage(message, file);
        }
        foreach (var enumType in file.EnumTypes)
        {
            _symbols.TryAdd(enumType.FullName, file);
        }
        foreach (var extension in file.Extensions.UnorderedExtensions)
        {
            _symbols.TryAdd(extension.FullName, file);
            _extensions.Add(extension);
        }
    }

    private void IndexMessage(MessageDescriptor message, FileDescriptor file)
    {
        _symbols.TryAdd(message.FullName, file);
        _messageTypes.Add(message.FullName);
        foreach (var nested in message.NestedTypes)
        {
            IndexMessage(nested, file);
        }
        foreach (var enumType in message.EnumTypes)
        {
            _symbols.TryAdd(enumType.FullName, file);
        }
        foreach (var extension in message.Extensions.UnorderedExtensions)
        {
            _symbols.TryAdd(extension.FullName, file);
            _extensions.Add(extension);
        }
    }
}
