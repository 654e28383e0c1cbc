using System.Globalization;
using System.Text;

namespace NeuralSharp;

/// <summary>Prints tensors like PyTorch: nested brackets, long dimensions elided, then shape and type.</summary>
internal static class TensorFormatter
{
    private const int EdgeItems = 3;
    private const int Threshold = 1000;

    public static string Format(Tensor t)
    {
        var sb = new StringBuilder("tensor(");
        var values = t.ToDoubleArray();
        var summarise = t.Count > Threshold;
        var fmt = ChooseFormat(values);
        Append(sb, t.Dims, values, 0, 0, summarise, fmt, indent: 7);
        sb.Append(", shape=").Append(t.Shape);
        if (t.DType != DType.Float32)
        {
            sb.Append(", dtype=").Append(t.DType);
        }

        if (t.Creator is not null)
        {
            sb.Append(", grad_fn=").Append(t.Creator.Name);
        }
        else if (t.RequiresGrad)
        {
            sb.Append(", requires_grad=true");
        }

        if (t.Name is not null)
        {
            sb.Append(", name=").Append(t.Name);
        }

        return sb.Append(')').ToString();
    }

    private static string ChooseFormat(double[] values)
    {
        var max = values.Length == 0 ? 0 : values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return max is >= 1e5 or (> 0 and < 1e-4) ? "0.0000e+00" : "0.0000";
    }

    private static void Append(StringBuilder sb, int[] dims, double[] values, int dim, int offset, bool summarise, string fmt, int indent)
    {
        if (dims.Length == 0)
        {
            sb.Append(values[0].ToString(fmt, CultureInfo.InvariantCulture));
            return;
        }

        var n = dims[dim];
        var stride = 1;
        for (var d = dim + 1; d < dims.Length; d++)
        {
            stride *= dims[d];
        }

        sb.Append('[');
        for (var i = 0; i < n; i++)
        {
            if (summarise && n > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append(dim == dims.Length - 1 ? "..., " : "...,\n" + new string(' ', indent + dim + 1));
                i = n - EdgeItems - 1;
                continue;
            }

            if (dim == dims.Length - 1)
            {
                sb.Append(values[offset + i].ToString(fmt, CultureInfo.InvariantCulture));
            }
            else
            {
                Append(sb, dims, values, dim + 1, offset + (i * stride), summarise, fmt, indent);
            }

            if (i < n - 1)
            {
                sb.Append(dim == dims.Length - 1 ? ", " : ",\n" + new string(' ', indent + dim + 1));
            }
        }

        sb.Append(']');
    }
}
