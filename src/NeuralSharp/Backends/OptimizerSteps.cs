namespace NeuralSharp.Backends;

// The coefficients of one fused optimiser step, computed once per step in double (as PyTorch computes
// them in Python) and rounded to the element type by the backend. Each optimiser's doc comment gives
// the update rule; the backend applies it element by element in one pass over the parameter, its
// gradient and its state buffers.

/// <summary>SGD: d = g + wd p; b = bufferScale b + gradientScale d; p += nlr (nesterov ? d + nesterov b : b), or p += nlr d without momentum.</summary>
internal readonly record struct SgdStep(double WeightDecay, bool UseMomentum, double BufferScale, double GradientScale, double Nesterov, double NegativeLearningRate);

/// <summary>Adam/AdamW: w = decay p; d = g + l2 w; m = b1 m + (1 - b1) d; v = b2 v + (1 - b2) d^2; p = w + nss m / (sqrt(v) / bc2 + eps).</summary>
internal readonly record struct AdamStep(double Decay, double L2, double Beta1, double Beta2, double BiasCorrection2Sqrt, double Eps, double NegativeStepSize, bool AmsGrad);

/// <summary>RMSProp: s = a s + (1 - a) d^2 (minus the squared running mean when centred); p += nlr d / (sqrt(s) + eps), through a momentum buffer when momentum &gt; 0.</summary>
internal readonly record struct RmsPropStep(double WeightDecay, double Alpha, double Eps, double Momentum, bool Centered, double NegativeLearningRate);

/// <summary>AdaGrad: s += d^2; p += nss d / (sqrt(s) + eps).</summary>
internal readonly record struct AdaGradStep(double WeightDecay, double Eps, double NegativeStepSize);

/// <summary>The course's momentum: v = lambda v - (1 - lambda) d; w += eta v.</summary>
internal readonly record struct CourseMomentumStep(double Momentum, double LearningRate, double WeightDecay);
