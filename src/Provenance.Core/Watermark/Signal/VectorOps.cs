using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Provenance.Core.Watermark.Signal;

/// <summary>
/// Element-wise float loops used by the watermark's hot paths, each with a vector body (Vector256) and a scalar
/// loop that does the same operations in the same order, so both give identical results (no fused multiply-add,
/// no reordered sums) and the output does not depend on the machine's vector width. <c>useVectors</c> false forces
/// the scalar loop (tests compare the two).
/// </summary>
internal static class VectorOps
{
    public static bool Enabled => Vector256.IsHardwareAccelerated;

    /// <summary>dst[i] += src[i].</summary>
    public static void Add(Span<float> dst, ReadOnlySpan<float> src, bool useVectors)
    {
        int n = dst.Length;
        int i = 0;
        if (useVectors && Enabled)
        {
            ref float d = ref MemoryMarshal.GetReference(dst);
            ref float s = ref MemoryMarshal.GetReference(src);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref d, (nuint)i) + Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            dst[i] += src[i];
        }
    }

    /// <summary>dst[i] += weight * src[i].</summary>
    public static void AddScaled(Span<float> dst, ReadOnlySpan<float> src, float weight, bool useVectors)
    {
        int n = dst.Length;
        int i = 0;
        if (useVectors && Enabled)
        {
            ref float d = ref MemoryMarshal.GetReference(dst);
            ref float s = ref MemoryMarshal.GetReference(src);
            var w = Vector256.Create(weight);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref d, (nuint)i) + w * Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            dst[i] += weight * src[i];
        }
    }

    /// <summary>dst[i] = a[i] + weight * (b[i] - a[i]).</summary>
    public static void Lerp(Span<float> dst, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float weight, bool useVectors)
    {
        int n = dst.Length;
        int i = 0;
        if (useVectors && Enabled)
        {
            ref float d = ref MemoryMarshal.GetReference(dst);
            ref float ra = ref MemoryMarshal.GetReference(a);
            ref float rb = ref MemoryMarshal.GetReference(b);
            var w = Vector256.Create(weight);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var va = Vector256.LoadUnsafe(ref ra, (nuint)i);
                (va + w * (Vector256.LoadUnsafe(ref rb, (nuint)i) - va)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            dst[i] = a[i] + weight * (b[i] - a[i]);
        }
    }

    /// <summary>dst[i] = a[i] - b[i].</summary>
    public static void Subtract(Span<float> dst, ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool useVectors)
    {
        int n = dst.Length;
        int i = 0;
        if (useVectors && Enabled)
        {
            ref float d = ref MemoryMarshal.GetReference(dst);
            ref float ra = ref MemoryMarshal.GetReference(a);
            ref float rb = ref MemoryMarshal.GetReference(b);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref ra, (nuint)i) - Vector256.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            dst[i] = a[i] - b[i];
        }
    }

    /// <summary>dst[i] = src[i] * src[i].</summary>
    public static void Square(Span<float> dst, ReadOnlySpan<float> src, bool useVectors)
    {
        int n = dst.Length;
        int i = 0;
        if (useVectors && Enabled)
        {
            ref float d = ref MemoryMarshal.GetReference(dst);
            ref float s = ref MemoryMarshal.GetReference(src);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref s, (nuint)i);
                (v * v).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            dst[i] = src[i] * src[i];
        }
    }

    /// <summary>values[i] /= sqrt(energy[i] + floor).</summary>
    public static void DivideByRms(Span<float> values, ReadOnlySpan<float> energy, float floor, bool useVectors)
    {
        int n = values.Length;
        int i = 0;
        if (useVectors && Enabled)
        {
            ref float v = ref MemoryMarshal.GetReference(values);
            ref float e = ref MemoryMarshal.GetReference(energy);
            var f = Vector256.Create(floor);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var rms = Vector256.Sqrt(Vector256.LoadUnsafe(ref e, (nuint)i) + f);
                (Vector256.LoadUnsafe(ref v, (nuint)i) / rms).StoreUnsafe(ref v, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            values[i] /= MathF.Sqrt(energy[i] + floor);
        }
    }
}
