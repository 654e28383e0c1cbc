using NeuralSharp.Cli;

return await CliApp.RunAsync(args);
