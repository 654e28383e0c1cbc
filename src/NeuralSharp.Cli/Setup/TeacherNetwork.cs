using NeuralSharp.Losses;

namespace NeuralSharp.Cli.Setup;

/// <summary><c>train --teacher MODEL --temperature T --alpha A</c>: a saved classifier's softened outputs teach the network being trained.</summary>
internal static class TeacherNetwork
{
    /// <summary>The distillation loss around the saved teacher, checked against the data: same inputs, same classes.</summary>
    public static TeacherLoss Load(string path, int inputs, int classes, double temperature, double alpha)
    {
        var saved = SavedModel.Load(path);
        if (saved.Regression)
        {
            throw new ArgumentException($"--teacher {path}: is a regression model; a teacher must be a classifier");
        }

        var teacher = saved.Model;
        if (saved.InputShape.ElementCount != inputs)
        {
            throw new ArgumentException($"--teacher {path}: takes {saved.InputShape} ({saved.InputShape.ElementCount} inputs) but the data has {inputs} inputs per example");
        }

        if (saved.ClassNames is { } names && names.Count != classes)
        {
            throw new ArgumentException($"--teacher {path}: knows {names.Count} classes but the data has {classes}");
        }

        try
        {
            return new TeacherLoss(teacher, temperature, alpha);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"--temperature {temperature} / --alpha {alpha}: {e.Message}");
        }
    }
}
