using System.Formats.Cbor;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>
/// A part of the asset an action changed: one <c>region-map</c> of the action's <c>changes</c> (C2PA "Regions of
/// interest"). A picture's region is a spatial range whose shape is a rectangle in pixel units, origin at the top
/// left (<see cref="Rectangle"/>). For a video, a second range of the same region limits it in time: a temporal range
/// in normal play time (RFC 2326 npt seconds) from <see cref="StartSeconds"/> to <see cref="EndSeconds"/>; the region
/// is the rectangle during that time. Audio has no picture: its region is the temporal range alone.
/// </summary>
/// <remarks>
/// No <c>role</c>: the spec's <c>c2pa.edited</c> role is what the action already says, and c2pa-rs 0.82 and 0.91
/// refuse the whole actions assertion when a region carries it ("invalid type: string "c2pa.edited", expected enum
/// Role"), which would make every labelled file unreadable to them.
/// </remarks>
/// <param name="Name">A human-readable name for the region.</param>
internal sealed record ActionRegion(string? Name = null, string? Description = null)
{
    /// <summary>The changed rectangle in pixels (X, Y of its top left corner), or null for audio (no spatial range).</summary>
    public (int X, int Y, int Width, int Height)? Rectangle { get; init; }

    /// <summary>Start of the temporal range in seconds, or null for a still image (no temporal range).</summary>
    public double? StartSeconds { get; init; }

    /// <summary>End of the temporal range in seconds; set together with <see cref="StartSeconds"/>.</summary>
    public double? EndSeconds { get; init; }

    public void WriteTo(CborWriter writer)
    {
        bool timed = StartSeconds.HasValue && EndSeconds.HasValue;
        if (Rectangle is null && !timed)
        {
            throw new InvalidOperationException("a region needs a rectangle, a time range or both");
        }
        writer.WriteStartMap(1 + (Name is null ? 0 : 1) + (Description is null ? 0 : 1));
        writer.WriteTextString("region");
        writer.WriteStartArray((Rectangle is null ? 0 : 1) + (timed ? 1 : 0));
        if (Rectangle is { } rectangle)
        {
            WriteRectangle(writer, rectangle);
        }
        if (timed)
        {
            WriteTime(writer, StartSeconds!.Value, EndSeconds!.Value);
        }
        writer.WriteEndArray();
        if (Name is not null)
        {
            writer.WriteTextString("name");
            writer.WriteTextString(Name);
        }
        if (Description is not null)
        {
            writer.WriteTextString("description");
            writer.WriteTextString(Description);
        }
        writer.WriteEndMap();
    }

    private static void WriteRectangle(CborWriter writer, (int X, int Y, int Width, int Height) rectangle)
    {
        writer.WriteStartMap(2);
        writer.WriteTextString("type");
        writer.WriteTextString("spatial");
        writer.WriteTextString("shape");
        writer.WriteStartMap(5);
        writer.WriteTextString("type");
        writer.WriteTextString("rectangle");
        writer.WriteTextString("unit");
        writer.WriteTextString("pixel");
        writer.WriteTextString("origin");
        writer.WriteStartMap(2);
        writer.WriteTextString("x");
        writer.WriteInt32(rectangle.X);
        writer.WriteTextString("y");
        writer.WriteInt32(rectangle.Y);
        writer.WriteEndMap();
        writer.WriteTextString("width");
        writer.WriteInt32(rectangle.Width);
        writer.WriteTextString("height");
        writer.WriteInt32(rectangle.Height);
        writer.WriteEndMap();
        writer.WriteEndMap();
    }

    private static void WriteTime(CborWriter writer, double start, double end)
    {
        writer.WriteStartMap(2);
        writer.WriteTextString("type");
        writer.WriteTextString("temporal");
        writer.WriteTextString("time");
        writer.WriteStartMap(3);
        writer.WriteTextString("type");
        writer.WriteTextString("npt");
        writer.WriteTextString("start");
        writer.WriteTextString(Npt(start));
        writer.WriteTextString("end");
        writer.WriteTextString(Npt(end));
        writer.WriteEndMap();
        writer.WriteEndMap();
    }

    /// <summary>RFC 2326 npt-sec: seconds with a fractional part (milliseconds here), invariant digits.</summary>
    internal static string Npt(double seconds) => seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
