using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Nn.Hooks;
using NeuralSharp.Optim;
using NeuralSharp.Tests.Training;
using NeuralSharp.Training;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Nn;

public class HookTests
{
    private static Sequential Net() =>
        new Sequential(new Linear(3, 4, generator: new Generator(1)), new Tanh(), new Linear(4, 2, generator: new Generator(2))).Double();

    [Fact]
    public void AForwardHookSeesTheLayersInputAndOutputUntilRemoved()
    {
        var net = Net();
        var first = (Linear)net[0];
        var x = Seeded(5, 2, 3);
        var seen = new List<(Tensor Input, Tensor Output)>();
        var handle = first.RegisterForwardHook((module, input, output) =>
        {
            Assert.Same(first, module);
            seen.Add((input, output.Clone()));
        });

        net.Call(x);
        Assert.True(handle.IsActive);
        handle.Remove();
        Assert.False(handle.IsActive);
        net.Call(x);
        handle.Remove();

        var (input, output) = Assert.Single(seen);
        Assert.Same(x, input);
        AssertClose(first.Forward(x).ToDoubleArray(), output, 1e-15);
    }

    [Fact]
    public void HooksRunInRegistrationOrderPreHooksFirstAndMayRemoveThemselves()
    {
        var net = Net();
        var order = new List<string>();
        HookHandle? self = null;
        using var pre = net.RegisterForwardPreHook((_, _) => order.Add("pre"));
        using var a = net.RegisterForwardHook((_, _, _) => order.Add("a"));
        self = net.RegisterForwardHook((_, _, _) =>
        {
            order.Add("once");
            self!.Remove();
        });
        using var b = net.RegisterForwardHook((_, _, _) => order.Add("b"));

        net.Call(Seeded(1, 1, 3));
        net.Call(Seeded(1, 1, 3));

        Assert.Equal(["pre", "a", "once", "b", "pre", "a", "b"], order);
    }

    [Fact]
    public void ForwardCallsBypassHooksAndHooksLeaveOutputsUnchanged()
    {
        var net = Net();
        var x = Seeded(2, 2, 3);
        var plain = net.Call(x).ToDoubleArray();
        var calls = 0;
        using var hook = net[1].RegisterForwardHook((_, _, _) => calls++);
        using var backward = ((Module)net[1]).RegisterFullBackwardHook((_, _, _) => calls++);

        net.Forward(x);
        Assert.Equal(1, calls); // Sequential.Forward calls its children through Call; the Tanh's hook ran once.
        AssertClose(plain, net.Call(x), 0);
    }

    [Fact]
    public void ABackwardHookSeesTheGradientsWithRespectToTheLayersOutputAndInput()
    {
        var net = Net();
        var first = (Linear)net[0];
        var tanh = (Module)net[1];
        var second = (Linear)net[2];
        var x = Seeded(3, 2, 3).RequireGrad();
        var target = Seeded(4, 2, 2);

        Tensor? gradInput = null, gradOutput = null;
        using var handle = tanh.RegisterFullBackwardHook((module, gi, go) =>
        {
            Assert.Same(tanh, module);
            gradInput = gi!.Clone();
            gradOutput = go.Clone();
        });
        Tensor? firstGradInput = null;
        var firstCalls = 0;
        using var firstHandle = first.RegisterFullBackwardHook((_, gi, _) =>
        {
            firstCalls++;
            firstGradInput = gi;
        });

        ((net.Call(x) - target).Pow(2).Sum()).Backward();

        // The same gradients by hand: the graph split at the tanh's input and output.
        var h = first.Forward(x.Detach()).Detach().RequireGrad();
        var a = tanh.Forward(h);
        var loss = (second.Forward(a) - target).Pow(2).Sum();
        var expected = Gradients.Of([loss], [a, h]);
        AssertClose(expected[0].ToDoubleArray(), gradOutput!, 1e-14);
        AssertClose(expected[1].ToDoubleArray(), gradInput!, 1e-14);
        Assert.Equal(1, firstCalls);
        AssertClose(x.Grad!.ToDoubleArray(), firstGradInput!, 1e-14);
    }

    [Fact]
    public void ABackwardHookOnTheFirstLayerOfAnUntrackedInputGetsANullInputGradient()
    {
        var net = Net();
        var calls = 0;
        using var handle = ((Module)net[0]).RegisterFullBackwardHook((_, gradInput, gradOutput) =>
        {
            calls++;
            Assert.Null(gradInput);
            Assert.Equal([2, 4], gradOutput.Shape.ToArray());
        });

        net.Call(Seeded(6, 2, 3)).Sum().Backward();
        using (GradMode.NoGrad())
        {
            net.Call(Seeded(6, 2, 3));
        }

        Assert.Equal(1, calls);
    }

    [Fact]
    public void BackwardHooksKeepSecondDerivativesIntact()
    {
        var x = Seeded(7, 2, 3);
        double[] SecondOrder(bool hooked)
        {
            var net = Net();
            using var handle = hooked ? ((Module)net[1]).RegisterFullBackwardHook((_, _, _) => { }) : null;
            var input = x.Clone().RequireGrad();
            var grad = Gradients.Of([net.Call(input).Pow(2).Sum()], [input], createGraph: true)[0];
            return Gradients.Of([grad.Pow(2).Sum()], [input])[0].ToDoubleArray();
        }

        AssertClose(SecondOrder(false), Tensor.FromArray(SecondOrder(true), 2, 3), 1e-14);
    }

    [Fact]
    public void FitRunsTheModelsOwnHooks()
    {
        var model = TrainingTestData.SmallNet();
        var forward = 0;
        var backward = 0;
        using var f = model.RegisterForwardHook((_, _, _) => forward++);
        using var b = model.RegisterFullBackwardHook((_, _, _) => backward++);

        Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1), TrainingTestData.Blobs(perClass: 8),
            new FitOptions { Epochs = 2, BatchSize = 8 });

        Assert.Equal(6, backward); // 24 examples in batches of 8, twice.
        Assert.Equal(6, forward);
    }
}
