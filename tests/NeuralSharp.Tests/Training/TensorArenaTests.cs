using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Training;

public class TensorArenaTests
{
    [Fact]
    public void ATensorMadeInAScopeCannotBeUsedAfterIt()
    {
        var a = Tensor.FromArray([1f, 2f, 3f]);
        var arena = new TensorArena();
        Tensor inside;
        float[] seen;
        using (arena.Scope())
        {
            inside = (a * 2) + 1;
            seen = inside.ToArray();
        }

        Assert.Equal([3f, 5f, 7f], seen);
        var ex = Assert.Throws<InvalidOperationException>(() => inside.ToArray());
        Assert.Contains("recycled", ex.Message);
        Assert.Throws<InvalidOperationException>(() => inside + a);

        // Tensors made outside the scope are untouched by it.
        Assert.Equal([1f, 2f, 3f], a.ToArray());
    }

    [Fact]
    public void ACloneUnderSuspendOutlivesTheScope()
    {
        var arena = new TensorArena();
        Tensor kept;
        using (arena.Scope())
        {
            var t = Tensor.FromArray([1f, 2f]) * 3;
            using (TensorArena.Suspend())
            {
                kept = t.Clone();
            }
        }

        Assert.Equal([3f, 6f], kept.ToArray());
    }

    [Fact]
    public void ScopesDoNotNest()
    {
        var arena = new TensorArena();
        using (arena.Scope())
        {
            Assert.Throws<InvalidOperationException>(() => new TensorArena().Scope());
        }

        // The failed attempt left no scope open.
        using (arena.Scope())
        {
        }
    }

    [Fact]
    public void EvaluateInsideTheCallersOwnScopeUsesThatScope()
    {
        var data = TrainingTestData.Blobs();
        var model = TrainingTestData.SmallNet();
        var expected = NeuralSharp.Training.Trainer.Evaluate(model, new CrossEntropyLoss(), data);
        var arena = new TensorArena();
        using (arena.Scope())
        {
            var inside = NeuralSharp.Training.Trainer.Evaluate(model, new CrossEntropyLoss(), data);
            Assert.Equal(expected.Loss, inside.Loss);
            Assert.Equal(expected.Predictions, inside.Predictions);
        }
    }

    [Fact]
    public void BuffersAreReusedAndGradientsSurviveTheScope()
    {
        var (model, optimizer, x, labels) = Mlp(inputs: 6, hidden: 8, classes: 3, batch: 5);
        var arena = new TensorArena();
        var counts = new List<int>();
        for (var step = 0; step < 40; step++)
        {
            optimizer.ZeroGrad();
            using (arena.Scope())
            {
                new CrossEntropyLoss().Compute(model.Forward(x), labels).Backward();
            }

            // The gradients were made during the scope and are read after it.
            foreach (var (name, p) in model.NamedParameters())
            {
                var g = p.Grad!.ToArray();
                Assert.True(g.All(float.IsFinite), name);
                Assert.Contains(g, v => v != 0);
            }

            optimizer.Step();
            counts.Add(arena.BufferCount);
        }

        Assert.True(counts[0] > 0);
        // The second step accumulates into existing gradients and needs a few buffers the first did not;
        // from then on every buffer a step needs is already in the arena.
        Assert.All(counts.Skip(1), c => Assert.Equal(counts[1], c));
    }

    [Fact]
    public void AnArenaStepGivesTheSameNumbersAsAPlainStep()
    {
        var (a, optA, x, labels) = Mlp(inputs: 6, hidden: 8, classes: 3, batch: 5);
        var (b, optB, _, _) = Mlp(inputs: 6, hidden: 8, classes: 3, batch: 5);
        var arena = new TensorArena();
        for (var step = 0; step < 5; step++)
        {
            optA.ZeroGrad();
            using (arena.Scope())
            {
                new CrossEntropyLoss().Compute(a.Forward(x), labels).Backward();
            }

            optA.Step();
            optB.ZeroGrad();
            new CrossEntropyLoss().Compute(b.Forward(x), labels).Backward();
            optB.Step();
        }

        foreach (var (name, p) in a.NamedParameters())
        {
            Assert.Equal(b.StateDict()[name].ToArray(), p.ToArray());
        }
    }

    [Fact]
    public void AWarmStepInAScopeAllocatesLittle()
    {
        var (model, optimizer, x, labels) = Mlp(inputs: 784, hidden: 128, classes: 10, batch: 64);
        var arena = new TensorArena();
        var loss = new CrossEntropyLoss();
        void Step()
        {
            optimizer.ZeroGrad();
            using (arena.Scope())
            {
                loss.Compute(model.Forward(x), labels).Backward();
            }

            optimizer.Step();
        }

        for (var i = 0; i < 3; i++)
        {
            Step();
        }

        const int steps = 10;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++)
        {
            Step();
        }

        var perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;

        // The same step without an arena allocates every activation and gradient afresh.
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++)
        {
            optimizer.ZeroGrad();
            loss.Compute(model.Forward(x), labels).Backward();
            optimizer.Step();
        }

        var plainPerStep = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
        Assert.True(perStep < 200_000, $"a warm step allocated {perStep:N0} bytes");
        Assert.True(perStep * 4 < plainPerStep, $"a warm step allocated {perStep:N0} bytes in an arena and {plainPerStep:N0} without");
    }

    private static (Sequential Model, Optimizer Optimizer, Tensor X, int[] Labels) Mlp(int inputs, int hidden, int classes, int batch)
    {
        var model = new Sequential(new Linear(inputs, hidden, generator: new Generator(1)), new ReLU(), new Linear(hidden, classes, generator: new Generator(2)));
        var x = Tensor.Randn([batch, inputs], generator: new Generator(3));
        var labels = Enumerable.Range(0, batch).Select(i => i % classes).ToArray();
        return (model, new SGD(model.Parameters(), 0.01, momentum: 0.9), x, labels);
    }
}
