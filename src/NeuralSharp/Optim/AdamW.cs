namespace NeuralSharp.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), exactly as PyTorch's
/// <c>torch.optim.AdamW</c>: p ← p (1 − lr · weightDecay) before the <see cref="Adam"/> step, so the
/// decay is not rescaled by the adaptive denominator.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimiser with PyTorch's defaults (weight decay 0.01).</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="beta1">Decay of the first-moment (mean) estimate.</param>
    /// <param name="beta2">Decay of the second-moment (uncentred variance) estimate.</param>
    /// <param name="eps">Added to the denominator so that it is never zero.</param>
    /// <param name="weightDecay">The decoupled decay: each step multiplies p by 1 − lr · weightDecay.</param>
    /// <param name="amsgrad">Divide by the largest second moment seen so far (AMSGrad).</param>
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01, bool amsgrad = false)
        : this([new ParameterGroup(parameters)], learningRate, beta1, beta2, eps, weightDecay, amsgrad)
    {
    }

    /// <summary>Creates the optimiser over parameter groups; see the other constructor for the arguments.</summary>
    public AdamW(IEnumerable<ParameterGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01, bool amsgrad = false)
        : base(groups, learningRate, beta1, beta2, eps, weightDecay, amsgrad, decoupled: true)
    {
    }
}
