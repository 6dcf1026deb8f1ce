using System.Runtime.CompilerServices;
using Provenance.Core.Imaging.Native;

namespace Provenance.Core.Tests.Imaging;

/// <summary>The struct layouts handed to the native codecs match their C headers (sizes on x86-64 Linux).</summary>
public class NativeInteropTests
{
    [Fact]
    public void Libwebp_decoder_structs_have_the_abi_0x0209_sizes()
    {
        Assert.Equal(40, Unsafe.SizeOf<WebPBitstreamFeatures>());
        Assert.Equal(120, Unsafe.SizeOf<WebPDecBuffer>());
        Assert.Equal(76, Unsafe.SizeOf<WebPDecoderOptions>());
        Assert.Equal(240, Unsafe.SizeOf<WebPDecoderConfig>());
    }

    [Fact]
    public void Libpng_image_struct_has_the_png_h_size()
    {
        // png_controlp (8) + 7 x png_uint_32 (28) + char[64], padded to 8.
        Assert.Equal(104, Unsafe.SizeOf<PngImage>());
    }
}
