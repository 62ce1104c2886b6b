using System.CommandLine;
using MatchModels.Cli;
using MatchModels.Cli.Data;
using MatchModels.Cli.Keys;
using MatchModels.Cli.Models;
using MatchModels.Cli.Monitor;
using MatchModels.Cli.Predict;
using MatchModels.Cli.Retrain;
using MatchModels.Cli.Serve;
using MatchModels.Cli.Train;

var root = new RootCommand("MatchModels: train, register, serve and monitor mentoring-programme models.")
{
    new Command("data", "Programme-history data: validate, import, generate, profile; and personal data: access, erase, retention.")
    {
        ValidateCommand.Create(),
        MatchModels.Cli.Data.ImportCommand.Create(),
        GenerateCommand.Create(),
        ProfileCommand.Create(),
        PersonalDataCommands.Access(),
        PersonalDataCommands.Erase(),
        PersonalDataCommands.Retention(),
    },
    TrainCommand.Create(),
    ModelsCommand.Create(),
    PredictCommand.Create(),
    MonitorCommand.Create(),
    RetrainCommand.Create(),
    KeysCommand.Create(),
    ServeCommand.Create(),
};

return await CliRunner.RunAsync(root, args);
