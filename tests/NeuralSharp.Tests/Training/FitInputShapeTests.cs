using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

public class FitInputShapeTests
{
    [Fact]
    public void FitRecordsTheShapeOfTheTrainingExamplesUnlessTheModelKnowsItsOwn()
    {
        var g = new Generator(1);
        var data = new TensorDataset(Tensor.Randn([6, 2, 3], generator: g), [0, 1, 0, 1, 0, 1]);
        var net = new Sequential(new Flatten(), new Linear(6, 2, generator: g));
        Trainer.Fit(net, new CrossEntropyLoss(), new SGD(net.Parameters(), learningRate: 0.1), data, new FitOptions { Epochs = 1, BatchSize = 3 });
        Assert.Equal(new Shape(2, 3), net.InputShape);

        var explicitShape = new Sequential(new Flatten(), new Linear(6, 2, generator: g)) { InputShape = [6] };
        Trainer.Fit(explicitShape, new CrossEntropyLoss(), new SGD(explicitShape.Parameters(), learningRate: 0.1), data, new FitOptions { Epochs = 1, BatchSize = 3 });
        Assert.Equal(new Shape(6), explicitShape.InputShape);
    }
}
