using Commerce.Recommendations.Evaluation;

return await EvaluationCommand.RunAsync(args);
