using System.Buffers.Binary;
using System.Text;

namespace Provenance.Core.Jumbf;

/// <summary>A box to be written. Sizes are known before writing, so a whole store serializes into one buffer.</summary>
internal abstract class JumbfElement
{
    /// <summary>The box's full length, header included.</summary>
    public abstract int Length { get; }

    public abstract void WriteTo(Span<byte> destination);

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    protected static void WriteHeader(Span<byte> destination, int length, uint type)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], type);
    }
}

/// <summary>A content box: a type and an opaque payload.</summary>
internal sealed class JumbfContentElement(uint type, ReadOnlyMemory<byte> payload) : JumbfElement
{
    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public override int Length => checked(8 + Payload.Length);

    public override void WriteTo(Span<byte> destination)
    {
        WriteHeader(destination, Length, type);
        Payload.Span.CopyTo(destination[8..]);
    }
}

/// <summary>
/// A superbox: a description box (type UUID, toggles "requestable + label present", the label, and an optional
/// <c>c2sh</c> salt as the private box) followed by its children.
/// </summary>
internal sealed class JumbfSuperboxElement : JumbfElement
{
    private readonly byte[] _typeUuid;
    private readonly byte[] _label;
    private readonly byte[]? _salt;
    private readonly int _descriptionLength;
    private readonly int _length;

    public JumbfSuperboxElement(uint typeCode, string label, IReadOnlyList<JumbfElement> children, byte[]? salt = null)
    {
        _typeUuid = JumbfTypeIds.Create(typeCode);
        _label = Encoding.UTF8.GetBytes(label);
        if (_label.AsSpan().IndexOfAny((byte)0, (byte)'/') >= 0)
        {
            throw new ArgumentException("a JUMBF label cannot contain NUL or '/'", nameof(label));
        }
        _salt = salt;
        Children = children;
        _descriptionLength = 8 + 16 + 1 + _label.Length + 1 + (salt is null ? 0 : 8 + salt.Length);
        var length = 8 + _descriptionLength;
        foreach (var child in children)
        {
            length = checked(length + child.Length);
        }
        _length = length;
    }

    public IReadOnlyList<JumbfElement> Children { get; }

    public override int Length => _length;

    public override void WriteTo(Span<byte> destination)
    {
        WriteHeader(destination, _length, BoxType.Superbox);
        var description = destination.Slice(8, _descriptionLength);
        WriteHeader(description, _descriptionLength, BoxType.Description);
        _typeUuid.CopyTo(description[8..]);
        var toggles = (byte)(JumbfDescription.Requestable | JumbfDescription.LabelPresent | (_salt is null ? 0 : JumbfDescription.PrivatePresent));
        description[24] = toggles;
        _label.CopyTo(description[25..]);
        description[25 + _label.Length] = 0;
        if (_salt is not null)
        {
            var saltBox = description[(26 + _label.Length)..];
            WriteHeader(saltBox, 8 + _salt.Length, BoxType.Salt);
            _salt.CopyTo(saltBox[8..]);
        }
        var position = 8 + _descriptionLength;
        foreach (var child in Children)
        {
            child.WriteTo(destination.Slice(position, child.Length));
            position += child.Length;
        }
    }
}
