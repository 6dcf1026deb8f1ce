namespace Provenance.Core.Formats.Jpeg;

/// <summary>JPEG marker codes (ITU-T T.81 table B.1) used by the segment parser.</summary>
internal static class JpegMarker
{
    public const byte Tem = 0x01;
    public const byte Sof0 = 0xC0;
    public const byte Dht = 0xC4;
    public const byte Jpg = 0xC8;
    public const byte Dac = 0xCC;
    public const byte Rst0 = 0xD0;
    public const byte Rst7 = 0xD7;
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte Sos = 0xDA;
    public const byte Dqt = 0xDB;
    public const byte Dnl = 0xDC;
    public const byte Dri = 0xDD;
    public const byte App0 = 0xE0;
    public const byte App1 = 0xE1;
    public const byte App2 = 0xE2;
    public const byte App11 = 0xEB;
    public const byte App13 = 0xED;
    public const byte App14 = 0xEE;
    public const byte App15 = 0xEF;
    public const byte Com = 0xFE;

    /// <summary>Markers that stand alone, without a length field.</summary>
    public static bool IsStandalone(byte marker) =>
        marker == Tem || marker is >= Rst0 and <= Eoi;

    /// <summary>Start-of-frame markers (SOF0..SOF15 minus DHT, JPG and DAC, which share the range).</summary>
    public static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF && marker != Dht && marker != Jpg && marker != Dac;

    public static bool IsApp(byte marker) => marker is >= App0 and <= App15;

    public static string Name(byte marker) => marker switch
    {
        Soi => "SOI",
        Eoi => "EOI",
        Sos => "SOS",
        Dqt => "DQT",
        Dht => "DHT",
        Dri => "DRI",
        Dnl => "DNL",
        Dac => "DAC",
        Com => "COM",
        Tem => "TEM",
        >= Rst0 and <= Rst7 => $"RST{marker - Rst0}",
        >= App0 and <= App15 => $"APP{marker - App0}",
        _ when IsStartOfFrame(marker) => $"SOF{marker - Sof0}",
        _ => $"FF{marker:X2}",
    };
}
