namespace Commerce.Documents.Tests;

public sealed record Widget(string Name, string Color, int Rank, bool Active = true);

public sealed record Counter(int Count);
