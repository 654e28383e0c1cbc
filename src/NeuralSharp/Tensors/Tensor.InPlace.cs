namespace NeuralSharp;

public sealed partial class Tensor
{
    // In-place updates exist for optimisers and gradient buffers: they never enter the graph, and
    // refuse tensors that are part of one, where overwriting a saved value would corrupt backward.

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public Tensor Fill(double value)
    {
        CheckWritable("fill");
        Backend.Fill(this, value);
        return this;
    }

    /// <summary>Sets every element to zero.</summary>
    public Tensor Zero() => Fill(0);

    /// <summary>Copies the values of <paramref name="source"/> (same shape) into this tensor.</summary>
    public Tensor CopyFrom(Tensor source)
    {
        CheckWritable("copy_from");
        if (source.Shape != Shape)
        {
            throw new ArgumentException($"copy_from: source shape {source.Shape} differs from {Shape}");
        }

        Backend.Copy(source, this);
        return this;
    }

    /// <summary>this += alpha * other (other broadcast to this tensor's shape).</summary>
    public Tensor AddInPlace(Tensor other, double alpha = 1.0)
    {
        CheckWritable("add_");
        if (IsContiguous && other.IsContiguous && other.Count == Count && other.DType == DType)
        {
            Backend.AddScaled(this, other, alpha);
            return this;
        }

        Tensor sum;
        using (Autograd.GradMode.NoGrad())
        {
            sum = this + (other * alpha);
        }

        if (sum.Shape != Shape)
        {
            throw new ArgumentException($"add_: {other.Shape} cannot be added in place to {Shape}");
        }

        Backend.Copy(sum, this);
        return this;
    }

    /// <summary>this *= factor.</summary>
    public Tensor MulInPlace(double factor)
    {
        CheckWritable("mul_");
        if (IsContiguous)
        {
            Backend.Scale(this, factor);
        }
        else
        {
            using (Autograd.GradMode.NoGrad())
            {
                Backend.Copy(this * factor, this);
            }
        }

        return this;
    }

    private void CheckWritable(string op)
    {
        if (Creator is not null && Autograd.GradMode.IsEnabled)
        {
            throw new InvalidOperationException($"{op}: cannot modify in place a tensor that is part of an autograd graph; Detach() it or use GradMode.NoGrad()");
        }

        if (_requiresGrad && Autograd.GradMode.IsEnabled)
        {
            throw new InvalidOperationException($"{op}: cannot modify in place a leaf that requires gradients outside GradMode.NoGrad() (an optimiser step runs under NoGrad)");
        }
    }
}
