using System.Formats.Cbor;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>
/// A rectangle of the asset an action changed: one <c>region-map</c> of the action's <c>changes</c> (C2PA
/// "Regions of interest": a spatial range whose shape is a rectangle in pixel units, origin at the top left). For a
/// video, a second range of the same region limits it in time: a temporal range in normal play time (RFC 2326 npt
/// seconds) from <see cref="StartSeconds"/> to <see cref="EndSeconds"/>; the region is the rectangle during that time.
/// </summary>
/// <remarks>
/// No <c>role</c>: the spec's <c>c2pa.edited</c> role is what the action already says, and c2pa-rs 0.82 and 0.91
/// refuse the whole actions assertion when a region carries it ("invalid type: string "c2pa.edited", expected enum
/// Role"), which would make every labelled file unreadable to them.
/// </remarks>
/// <param name="Name">A human-readable name for the region.</param>
internal sealed record ActionRegion(int X, int Y, int Width, int Height, string? Name = null, string? Description = null)
{
    /// <summary>Start of the temporal range in seconds, or null for a still image (no temporal range).</summary>
    public double? StartSeconds { get; init; }

    /// <summary>End of the temporal range in seconds; set together with <see cref="StartSeconds"/>.</summary>
    public double? EndSeconds { get; init; }

    public void WriteTo(CborWriter writer)
    {
        bool timed = StartSeconds.HasValue && EndSeconds.HasValue;
        writer.WriteStartMap(1 + (Name is null ? 0 : 1) + (Description is null ? 0 : 1));
        writer.WriteTextString("region");
        writer.WriteStartArray(timed ? 2 : 1);
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
        writer.WriteInt32(X);
        writer.WriteTextString("y");
        writer.WriteInt32(Y);
        writer.WriteEndMap();
        writer.WriteTextString("width");
        writer.WriteInt32(Width);
        writer.WriteTextString("height");
        writer.WriteInt32(Height);
        writer.WriteEndMap();
        writer.WriteEndMap();
        if (timed)
        {
            writer.WriteStartMap(2);
            writer.WriteTextString("type");
            writer.WriteTextString("temporal");
            writer.WriteTextString("time");
            writer.WriteStartMap(3);
            writer.WriteTextString("type");
            writer.WriteTextString("npt");
            writer.WriteTextString("start");
            writer.WriteTextString(Npt(StartSeconds!.Value));
            writer.WriteTextString("end");
            writer.WriteTextString(Npt(EndSeconds!.Value));
            writer.WriteEndMap();
            writer.WriteEndMap();
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

    /// <summary>RFC 2326 npt-sec: seconds with a fractional part (milliseconds here), invariant digits.</summary>
    internal static string Npt(double seconds) => seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
