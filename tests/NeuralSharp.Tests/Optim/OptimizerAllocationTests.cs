namespace NeuralSharp.Tests.Optim;

public sealed class OptimizerAllocationTests
{
    /// <summary>Once the state exists, a step must not allocate (no temporaries, no boxing, no closures).</summary>
    [Theory]
    [MemberData(nameof(OptimizerCases.Names), MemberType = typeof(OptimizerCases))]
    public void StepDoesNotAllocateAfterWarmUp(string name)
    {
        Tensor[] ps =
        [
            Tensor.Randn([64, 33], generator: new Generator(1)).RequireGrad(),
            Tensor.Randn([33], generator: new Generator(2)).RequireGrad(),
            Tensor.Randn([10, 7], generator: new Generator(3), dtype: DType.Float64).RequireGrad(),
        ];
        foreach (var p in ps)
        {
            p.Grad = Tensor.Randn(p.Shape, generator: new Generator(4), dtype: p.DType);
        }

        var optimizer = OptimizerCases.Get(name).Create(ps);
        optimizer.Step();
        optimizer.Step();

        const int steps = 100;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++)
        {
            optimizer.Step();
            optimizer.ZeroGrad();
        }

        var perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)steps;
        Assert.True(perStep < 1024, $"{name}: {perStep} bytes allocated per step");
    }
}
