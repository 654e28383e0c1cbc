namespace NeuralSharp.Autograd;

/// <summary>
/// Forward-mode automatic differentiation: derivatives pushed from inputs to outputs alongside the
/// values (dual numbers), giving a Jacobian-vector product J v in one pass, without any backward pass.
/// </summary>
/// <remarks>
/// Cheap when a function has few inputs and many outputs, where reverse mode is cheap in the opposite
/// case. Every primitive operation defines its tangent rule next to its gradient rule.
/// </remarks>
public static class ForwardAD
{
    /// <summary>Computes f(primals) and the directional derivative J(primals) · tangents.</summary>
    public static (Tensor Value, Tensor Tangent) Jvp(Func<Tensor[], Tensor> f, Tensor[] primals, Tensor[] tangents)
    {
        if (primals.Length != tangents.Length)
        {
            throw new ArgumentException($"jvp: {primals.Length} primals but {tangents.Length} tangents");
        }

        var duals = new Tensor[primals.Length];
        for (var i = 0; i < primals.Length; i++)
        {
            if (primals[i].Shape != tangents[i].Shape)
            {
                throw new ArgumentException($"jvp: primal {i} has shape {primals[i].Shape} but its tangent has shape {tangents[i].Shape}");
            }

            duals[i] = MakeDual(primals[i], tangents[i]);
        }

        Tensor value;
        using (GradMode.EnableGrad())
        {
            value = f(duals);
        }

        var tangent = value.Tangent ?? Tensor.ZerosLike(value);
        return (value.Detach(), tangent);
    }

    /// <summary>Single-input form of <see cref="Jvp(Func{Tensor[], Tensor}, Tensor[], Tensor[])"/>.</summary>
    public static (Tensor Value, Tensor Tangent) Jvp(Func<Tensor, Tensor> f, Tensor primal, Tensor tangent) =>
        Jvp(xs => f(xs[0]), [primal], [tangent]);

    /// <summary>A detached copy of <paramref name="primal"/> carrying <paramref name="tangent"/>.</summary>
    public static Tensor MakeDual(Tensor primal, Tensor tangent)
    {
        var dual = primal.Detach();
        dual.Tangent = tangent.Detach().To(primal.DType);
        return dual;
    }
}
