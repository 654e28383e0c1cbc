namespace NeuralSharp.Kernels;

/// <summary>Copies between tensors of the same shape whatever their strides and element types.</summary>
internal static class CopyKernel
{
    /// <summary>Copies (and converts, if the types differ) every element of <paramref name="src"/> into <paramref name="dst"/>.</summary>
    public static void Copy(Tensor src, Tensor dst)
    {
        if (src.Count != dst.Count)
        {
            throw new ArgumentException($"copy: shapes {src.Shape} and {dst.Shape} hold different numbers of elements");
        }

        if (src.IsContiguous && dst.IsContiguous && src.Shape == dst.Shape)
        {
            CopyRun(src.Buffer, src.Offset, 1, dst.Buffer, dst.Offset, 1, src.Count);
            return;
        }

        var it = new StridedIterator(dst.Dims, [src.Offset, dst.Offset], src.Strides, dst.Strides);
        for (var r = 0; r < it.RunCount; r++)
        {
            CopyRun(src.Buffer, it.Offsets[0], it.InnerStrides[0], dst.Buffer, it.Offsets[1], it.InnerStrides[1], it.InnerLength);
            it.Advance();
        }
    }

    /// <summary>Copies <paramref name="src"/> broadcast to <paramref name="dst"/>'s shape.</summary>
    public static void BroadcastCopy(Tensor src, Tensor dst)
    {
        var strides = Broadcasting.Strides(src, dst.Dims);
        var it = new StridedIterator(dst.Dims, [src.Offset, dst.Offset], strides, dst.Strides);
        for (var r = 0; r < it.RunCount; r++)
        {
            CopyRun(src.Buffer, it.Offsets[0], it.InnerStrides[0], dst.Buffer, it.Offsets[1], it.InnerStrides[1], it.InnerLength);
            it.Advance();
        }
    }

    private static void CopyRun(Array src, int so, int ss, Array dst, int doff, int ds, int n)
    {
        switch (src, dst)
        {
            case (float[] s, float[] d):
                CopyRun<float, float>(s, so, ss, d, doff, ds, n);
                break;
            case (double[] s, double[] d):
                CopyRun<double, double>(s, so, ss, d, doff, ds, n);
                break;
            case (float[] s, double[] d):
                for (var i = 0; i < n; i++)
                {
                    d[doff + (i * ds)] = s[so + (i * ss)];
                }

                break;
            case (double[] s, float[] d):
                for (var i = 0; i < n; i++)
                {
                    d[doff + (i * ds)] = (float)s[so + (i * ss)];
                }

                break;
            default:
                throw new InvalidOperationException("copy: unsupported buffer types");
        }
    }

    private static void CopyRun<TS, TD>(TS[] s, int so, int ss, TS[] d, int doff, int ds, int n)
    {
        if (ss == 1 && ds == 1)
        {
            s.AsSpan(so, n).CopyTo(d.AsSpan(doff, n));
        }
        else if (ss == 0 && ds == 1)
        {
            d.AsSpan(doff, n).Fill(s[so]);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                d[doff + (i * ds)] = s[so + (i * ss)];
            }
        }
    }
}
