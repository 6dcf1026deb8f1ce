using System.Formats.Cbor;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>
/// One entry of an action's <c>parameters</c> beyond the spec's own (the map is open): a namespaced key with a
/// text or an integer value.
/// </summary>
internal sealed record ActionParameter
{
    private readonly string? _text;
    private readonly long? _number;

    public ActionParameter(string key, string value)
    {
        Key = key;
        _text = value ?? throw new ArgumentNullException(nameof(value));
    }

    public ActionParameter(string key, long value)
    {
        Key = key;
        _number = value;
    }

    public string Key { get; }

    public void WriteValue(CborWriter writer)
    {
        if (_text is not null)
        {
            writer.WriteTextString(_text);
        }
        else
        {
            writer.WriteInt64(_number!.Value);
        }
    }
}
