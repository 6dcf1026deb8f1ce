using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Provenance.Grpc;

/// <summary>What server and client need to know about a method without its message types.</summary>
public interface IMethod
{
    MethodType Type { get; }

    /// <summary>The fully qualified service name, e.g. <c>provenance.v1.Provenance</c>.</summary>
    string ServiceName { get; }

    /// <summary>The method's simple name, e.g. <c>Sign</c>.</summary>
    string Name { get; }

    /// <summary>The HTTP/2 <c>:path</c> of the method: <c>/package.Service/Method</c>.</summary>
    string FullName { get; }
}

/// <summary>
/// A typed method descriptor: its path, its kind and how to parse each side's messages. Build it by hand or,
/// preferably, from the generated protobuf <see cref="MethodDescriptor"/> so that names and streaming flags come
/// from the .proto file.
/// </summary>
public sealed class Method<TRequest, TResponse> : IMethod
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Method(
        MethodType type,
        string serviceName,
        string name,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser)
    {
        ValidateNamePart(serviceName, nameof(serviceName));
        ValidateNamePart(name, nameof(name));
        Type = type;
        ServiceName = serviceName;
        Name = name;
        FullName = "/" + serviceName + "/" + name;
        RequestParser = requestParser ?? throw new ArgumentNullException(nameof(requestParser));
        ResponseParser = responseParser ?? throw new ArgumentNullException(nameof(responseParser));
    }

    public MethodType Type { get; }

    public string ServiceName { get; }

    public string Name { get; }

    public string FullName { get; }

    public MessageParser<TRequest> RequestParser { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    /// <summary>
    /// Creates the descriptor of a method declared in a .proto file, checking that the CLR message types are
    /// the ones the file declares (a mismatch would only show up as garbage on the wire).
    /// </summary>
    public static Method<TRequest, TResponse> FromDescriptor(MethodDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.InputType.ClrType != typeof(TRequest))
        {
            throw new ArgumentException(
                $"{descriptor.FullName} takes {descriptor.InputType.FullName}, not {typeof(TRequest).FullName}.", nameof(descriptor));
        }
        if (descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{descriptor.FullName} returns {descriptor.OutputType.FullName}, not {typeof(TResponse).FullName}.", nameof(descriptor));
        }
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        var requestParser = (MessageParser<TRequest>)descriptor.InputType.Parser;
        var responseParser = (MessageParser<TResponse>)descriptor.OutputType.Parser;
        return new Method<TRequest, TResponse>(type, descriptor.Service.FullName, descriptor.Name, requestParser, responseParser);
    }

    public override string ToString() => $"{FullName} ({Type})";

    private static void ValidateNamePart(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameter);
        if (value.Contains('/'))
        {
            throw new ArgumentException($"'{value}' must not contain '/'.", parameter);
        }
    }
}
