using Commerce.Replenishment.Evaluation;

return EvaluationCommand.Run(args);
