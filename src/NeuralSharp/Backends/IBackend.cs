using NeuralSharp.Kernels;

namespace NeuralSharp.Backends;

/// <summary>
/// The primitive kernels that operations, layers, losses and optimisers run: everything that touches a
/// tensor's elements goes through here, so a new backend (a GPU) is one implementation of this
/// interface and no op changes.
/// </summary>
/// <remarks>
/// <para>Conventions: every <c>result</c> (and <c>values</c>, <c>dst</c>) tensor is allocated by the caller
/// with <see cref="Allocate"/> (through <c>Tensor.Empty</c>), contiguous unless said otherwise, of the right
/// shape and element type; inputs may be strided views and are never modified unless the member says
/// so. Shapes are checked by the caller, which names the operation in its error message.</para>
/// <para>Implementations: <see cref="Cpu.CpuBackend"/> (managed arrays, SIMD kernels, the packed GEMM).
/// docs/architecture.md lists what a new backend implements.</para>
/// </remarks>
internal interface IBackend
{
    /// <summary>A short name shown in messages ("cpu").</summary>
    string Name { get; }

    /// <summary>New storage of <paramref name="length"/> elements, zeroed or with undefined contents.</summary>
    Storage Allocate(int length, DType dtype, bool zeroed);

    // ---- moving data -------------------------------------------------------------------------

    /// <summary>Copies <paramref name="src"/> into <paramref name="dst"/> (same shape, any strides, converting the element type).</summary>
    void Copy(Tensor src, Tensor dst);

    /// <summary>Copies <paramref name="src"/> broadcast to the shape of <paramref name="dst"/> (which may be strided).</summary>
    void BroadcastCopy(Tensor src, Tensor dst);

    /// <summary>Sets every element of <paramref name="dst"/> (any strides) to <paramref name="value"/>.</summary>
    void Fill(Tensor dst, double value);

    /// <summary>One element, by its index in the storage.</summary>
    double GetElement(Tensor t, int storageIndex);

    /// <summary>Writes one element, by its index in the storage.</summary>
    void SetElement(Tensor t, int storageIndex, double value);

    /// <summary>Copies a contiguous tensor's elements to host memory.</summary>
    void Download<T>(Tensor src, Span<T> dst)
        where T : unmanaged;

    /// <summary>Copies host memory into a contiguous tensor.</summary>
    void Upload<T>(ReadOnlySpan<T> src, Tensor dst)
        where T : unmanaged;

    // ---- element-wise ------------------------------------------------------------------------

    /// <summary>result = f(x) element-wise.</summary>
    void Unary(UnaryKind kind, Tensor x, Tensor result);

    /// <summary>result = v * f'(x) in one pass, for the kinds where <see cref="UnaryFunctions.FusedDerivative"/> is not None; <paramref name="at"/> is x or f(x), as that function's fused kernel needs.</summary>
    void ScaleByDerivative(UnaryKind kind, Tensor v, Tensor at, Tensor result);

    /// <summary>result = f(a, b), with a and b broadcast to result's shape.</summary>
    void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor result);

    /// <summary>result = min(max(x, min), max).</summary>
    void Clamp(Tensor x, double min, double max, Tensor result);

    /// <summary>result = mask != 0 ? a : b, all three already broadcast to result's shape (contiguous).</summary>
    void Select(Tensor mask, Tensor a, Tensor b, Tensor result);

    /// <summary>target += alpha * other, in place (same shape, both contiguous, same element type).</summary>
    void AddScaled(Tensor target, Tensor other, double alpha);

    /// <summary>target *= factor, in place (contiguous).</summary>
    void Scale(Tensor target, double factor);

    // ---- reductions --------------------------------------------------------------------------

    /// <summary>Sums over dimension <paramref name="axis"/> into result (that dimension of size 1).</summary>
    void Sum(Tensor x, int axis, Tensor result);

    /// <summary>Maximum over <paramref name="axis"/> into values (size 1 there) and the index of the first maximum per output element.</summary>
    void Max(Tensor x, int axis, Tensor values, int[] indices);

    /// <summary>The sum of |x|^p over every element, accumulated in double (the max of |x| for p = infinity).</summary>
    double SumOfPowers(Tensor x, double p);

    /// <summary>Whether every element is finite.</summary>
    bool AllFinite(Tensor x);

    /// <summary>
    /// Cross-entropy of logits [n, c] per row, against class labels or (when <paramref name="labels"/> is null)
    /// target probabilities [n, c]: shift [n, 1] = the row maximum, logSum [n, 1] = log sum exp(z - shift),
    /// loss [n] = shift + logSum - z[label], or (shift + logSum) sum(p) - sum(p z). Returns the sum of the losses, in double.
    /// </summary>
    double CrossEntropy(Tensor logits, int[]? labels, Tensor? target, Tensor shift, Tensor logSum, Tensor loss);

    /// <summary>grad [n, c] = (softmax(z) - onehot(label)) w, or (softmax(z) sum(p) - p) w, with softmax from the saved shift and logSum and w one weight per row (or one for all).</summary>
    void SoftmaxMinusTarget(Tensor logits, Tensor shift, Tensor logSum, int[]? labels, Tensor? target, Tensor weights, Tensor grad);

    // ---- products ----------------------------------------------------------------------------

    /// <summary>result = a b for a [..., m, k] and b [..., k, n], batch dimensions broadcast; transposed views are read in place.</summary>
    void MatMul(Tensor a, Tensor b, Tensor result);

    /// <summary>
    /// The affine map of a dense layer and its activation, y = act(x W^T + bias): x [rows, in], w [out, in], bias [out]
    /// or null, y [rows, out], all contiguous. Equal bit for bit to the product, the bias added and the activation
    /// applied as separate ops.
    /// </summary>
    void LinearForward(Tensor x, Tensor w, Tensor? bias, Tensor y, GemmActivation activation = GemmActivation.None);

    // ---- indexing ----------------------------------------------------------------------------

    /// <summary>result[o, 0, j] = x[o, indices[o, j], j] along <paramref name="axis"/> (result has size 1 there).</summary>
    void Gather(Tensor x, int axis, ReadOnlySpan<int> indices, Tensor result);

    /// <summary>result[o, indices[o, j], j] += values[o, 0, j]: the adjoint of <see cref="Gather"/> (result has the source's shape, zeroed by the caller).</summary>
    void ScatterAdd(Tensor values, int axis, ReadOnlySpan<int> indices, Tensor result);

    /// <summary>result[.., k, ..] = x[.., indices[k], ..] along <paramref name="axis"/>.</summary>
    void IndexSelect(Tensor x, int axis, ReadOnlySpan<int> indices, Tensor result);

    /// <summary>result[.., indices[k], ..] += values[.., k, ..]: the adjoint of <see cref="IndexSelect"/> (indices may repeat).</summary>
    void IndexAdd(Tensor values, int axis, ReadOnlySpan<int> indices, Tensor result);

    // ---- convolution ------------------------------------------------------------------------

    /// <summary>Every convolution window of each image of input [N, C, H, W] as a column of columns [N, C kh kw, OH OW] (PyTorch's unfold).</summary>
    void Im2Col(Tensor input, in ConvGeometry geometry, Tensor columns);

    /// <summary>result [N, C, H, W] += each column of columns [N, C kh kw, OH OW] added back where its window came from (PyTorch's fold; result zeroed by the caller).</summary>
    void Col2Im(Tensor columns, in ConvGeometry geometry, Tensor result);

    /// <summary>
    /// y [N, O, OH, OW] = the convolution of x [N, C, H, W] with weight [O, C / groups, kh, kw] plus bias [O]
    /// (or none); the windows are kept in <paramref name="columns"/> (N C kh kw OH OW elements, in the backend's own order) when it is not null.
    /// </summary>
    void Conv2dForward(Tensor x, Tensor weight, Tensor? bias, in ConvGeometry geometry, int groups, Tensor? columns, Tensor y);

    /// <summary>dx [N, C, H, W] (overwritten) = the gradient of the convolution with respect to its input, given dy [N, O, OH, OW].</summary>
    void Conv2dBackwardInput(Tensor dy, Tensor weight, in ConvGeometry geometry, int groups, Tensor dx);

    /// <summary>
    /// dw [O, C / groups, kh, kw] and db [O] (overwritten; db may be null) = the gradients of the convolution with respect
    /// to its weight and bias, given dy and the windows that <see cref="Conv2dForward"/> kept, or null to unfold the input x again.
    /// </summary>
    void Conv2dBackwardWeight(Tensor dy, Tensor? columns, Tensor x, in ConvGeometry geometry, int groups, Tensor dw, Tensor? db);

    /// <summary>
    /// y [N, C, OH, OW] = the largest value of each window of x [N, C, H, W], padding as minus infinity (2-D max pooling);
    /// with <paramref name="relu"/>, max(0, that value): a ReLU before the pooling, fused.
    /// </summary>
    void MaxPool2d(Tensor x, in ConvGeometry geometry, Tensor y, bool relu = false);

    /// <summary>
    /// Values routed along the max-pooling winners of x: with <paramref name="toInputs"/>, values [N, C, OH, OW] summed into
    /// result [N, C, H, W] (overwritten) at each window's winner; without, result [N, C, OH, OW] = values [N, C, H, W] at the winners.
    /// With <paramref name="relu"/>, windows whose largest value is not above zero route zeros (the fused ReLU's gradient).
    /// </summary>
    void MaxPool2dRoute(Tensor x, in ConvGeometry geometry, Tensor values, Tensor result, bool toInputs, bool relu = false);

    // ---- normalisation ----------------------------------------------------------------------

    /// <summary>
    /// y = batch normalisation of x [N, C, ...] with the batch's statistics per channel: (x - mean) / sqrt(var + eps) weight + bias
    /// (weight and bias [C] or null); mean, variance (biased) and invStd = 1 / sqrt(var + eps), each [C], are written too.
    /// </summary>
    void BatchNormForward(Tensor x, Tensor? weight, Tensor? bias, double eps, Tensor mean, Tensor variance, Tensor invStd, Tensor y);

    /// <summary>
    /// The gradients of <see cref="BatchNormForward"/> given dy: dx [N, C, ...], dWeight and dBias [C], each overwritten
    /// when not null, from x, the weight (or null) and the forward pass's mean and invStd.
    /// </summary>
    void BatchNormBackward(Tensor dy, Tensor x, Tensor? weight, Tensor mean, Tensor invStd, Tensor? dx, Tensor? dWeight, Tensor? dBias);

    // ---- recurrent cells -------------------------------------------------------------------

    /// <summary>
    /// One direction of one LSTM layer over a whole sequence (gate order i, f, g, o): from the input projections xg
    /// [T, N, 4 hidden], h0 and c0 [N, hidden], weightHH [4 hidden, hidden] and biasHH [4 hidden] (or null), steps taken from
    /// T - 1 down to 0 when <paramref name="reverse"/>, writes every step's gate values sigmoid/tanh(xg_t + h W_hh^T + b_hh)
    /// into gates [T, N, 4 hidden], the states into states [2, T, N, hidden] (the h's, then the c's: c' = f c + i g,
    /// h' = o tanh(c')) and tanh(c') into tanhC [T, N, hidden]. Outputs contiguous; bit-identical for any thread count.
    /// </summary>
    void LstmSequenceForward(Tensor xg, Tensor h0, Tensor c0, Tensor weightHH, Tensor? biasHH, bool reverse, Tensor gates, Tensor states, Tensor tanhC);

    /// <summary>
    /// Backpropagation through the time of <see cref="LstmSequenceForward"/>: from its gates, states and tanhC, c0, the
    /// gradient reaching the states, grad [2, T, N, hidden], and weightHH, writes the gradients of every step's
    /// pre-activations into dGates [T, N, 4 hidden], of c0 into dc (zeros on entry) and, when <paramref name="needDh0"/>
    /// (or the sequence has more than one step, dh being the carry), of h0 into dh [N, hidden].
    /// </summary>
    void LstmSequenceBackward(Tensor gates, Tensor states, Tensor tanhC, Tensor c0, Tensor grad, Tensor weightHH, bool reverse, bool needDh0, Tensor dGates, Tensor dh, Tensor dc);

    /// <summary>
    /// One direction of one GRU layer over a whole sequence (gate order r, z, n): from the input projections xg
    /// [T, N, 3 hidden], h0 [N, hidden], weightHH [3 hidden, hidden] and biasHH [3 hidden] (or null), steps taken from T - 1
    /// down to 0 when <paramref name="reverse"/>, writes every step's hg = h W_hh^T + b_hh with its r and z parts replaced by
    /// the gates' values sigmoid(xg + hg) into gates [T, N, 3 hidden], n = tanh(xg_n + r hg_n) into candidates and
    /// h' = (1 - z) n + z h into states [T, N, hidden]. Outputs contiguous; bit-identical for any thread count.
    /// </summary>
    void GruSequenceForward(Tensor xg, Tensor h0, Tensor weightHH, Tensor? biasHH, bool reverse, Tensor gates, Tensor candidates, Tensor states);

    /// <summary>
    /// Backpropagation through the time of <see cref="GruSequenceForward"/>: from its gates, candidates and states, h0, the
    /// gradient reaching the states, grad [T, N, hidden], and weightHH, writes the gradients of every step's input
    /// projection into dInputs and of its recurrent product into dProducts [T, N, 3 hidden]; the gradient reaching h0 is
    /// left in two parts, product (dhg W_hh, written only when <paramref name="needDh0"/> or T > 1) and direct (z dh'), [N, hidden].
    /// </summary>
    void GruSequenceBackward(Tensor gates, Tensor candidates, Tensor states, Tensor h0, Tensor grad, Tensor weightHH, bool reverse, bool needDh0, Tensor dInputs, Tensor dProducts, Tensor product, Tensor direct);

    /// <summary>
    /// Prepares w for many products a op(w) with the same w (a recurrent weight, the right operand at every step of a
    /// sequence): op(w) is wᵀ [k, n] for w [n, k] when <paramref name="transpose"/>, else w [k, n] itself. Returns the
    /// prepared form for <see cref="MatMulPrepared"/> (a tensor of the current arena scope, in a layout of the backend's
    /// own), or null where the backend gains nothing from preparing.
    /// </summary>
    Tensor? PrepareRightOperand(Tensor w, bool transpose);

    /// <summary>
    /// result [m, n] = a [m, k] op(w) (op as in <see cref="PrepareRightOperand"/>), bit-identical to <see cref="MatMul"/>
    /// of a and op(w); <paramref name="prepared"/> is what PrepareRightOperand returned for this w and transpose (w unchanged
    /// since), or null. a and w may be strided views, result is contiguous.
    /// </summary>
    void MatMulPrepared(Tensor a, Tensor w, bool transpose, Tensor? prepared, Tensor result);

    // ---- fused optimiser steps (parameter, gradient and state buffers: contiguous, same type) --

    /// <summary>One SGD step; <paramref name="buffer"/> is null without momentum.</summary>
    void SgdStep(Tensor p, Tensor g, Tensor? buffer, in SgdStep step);

    /// <summary>One Adam or AdamW step; <paramref name="maxSecondMoment"/> is null without AMSGrad.</summary>
    void AdamStep(Tensor p, Tensor g, Tensor m, Tensor v, Tensor? maxSecondMoment, in AdamStep step);

    /// <summary>One RMSProp step; the momentum and mean-gradient buffers are null when unused.</summary>
    void RmsPropStep(Tensor p, Tensor g, Tensor squareAverage, Tensor? momentumBuffer, Tensor? gradientAverage, in RmsPropStep step);

    /// <summary>One AdaGrad step.</summary>
    void AdaGradStep(Tensor p, Tensor g, Tensor sum, in AdaGradStep step);

    /// <summary>One step of the course's momentum.</summary>
    void CourseMomentumStep(Tensor w, Tensor g, Tensor velocity, in CourseMomentumStep step);
}
