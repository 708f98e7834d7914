namespace Commerce.Orders.Domain;

/// <summary>A warehouse and its shipping cost model: a fixed cost per shipment plus a cost per unit shipped (minor units).</summary>
public sealed record Warehouse(string Id, string Location, long ShipmentCostMinor, long UnitCostMinor)
{
    public long CostOf(long units) => ShipmentCostMinor + (UnitCostMinor * units);
}

/// <summary>One line to allocate: a SKU and how many units.</summary>
public sealed record AllocationLine(string Sku, int Quantity);

/// <summary>Units of one SKU taken from one warehouse.</summary>
public sealed record AllocatedItem(string Sku, int Quantity);

/// <summary>What one warehouse ships for an order.</summary>
public sealed record PlannedShipment(string WarehouseId, IReadOnlyList<AllocatedItem> Items)
{
    public int Units => Items.Sum(i => i.Quantity);
}

/// <summary>The outcome of an allocation: the shipments and their total shipping cost, or the lines that cannot be covered.</summary>
public sealed record AllocationPlan(IReadOnlyList<PlannedShipment> Shipments, long ShippingCostMinor, IReadOnlyList<string> ShortSkus, bool Exact)
{
    public bool Succeeded => ShortSkus.Count == 0;

    public static AllocationPlan Insufficient(IReadOnlyList<string> shortSkus) => new([], 0, shortSkus, Exact: true);
}

/// <summary>
/// Chooses warehouses for an order's lines: fewest shipments first, then lowest shipping cost, never more than a
/// warehouse has available; lines split across warehouses when needed. Exact (iterative-deepening set cover with
/// capacity, every feasible warehouse set of the minimal size costed) up to <see cref="ExactMaxLines"/> lines ×
/// <see cref="ExactMaxWarehouses"/> warehouses; greedy (most remaining units covered per shipment) beyond, or when
/// the exact search exceeds its node budget.
/// </summary>
public static class Allocator
{
    public const int ExactMaxLines = 20;
    public const int ExactMaxWarehouses = 50;
    public const int ExactNodeBudget = 200_000;

    /// <param name="lines">What to allocate (a SKU may appear once).</param>
    /// <param name="warehouses">Candidate warehouses and their cost model.</param>
    /// <param name="available">Available units by warehouse id then SKU (missing = 0).</param>
    public static AllocationPlan Allocate(
        IReadOnlyList<AllocationLine> lines,
        IReadOnlyList<Warehouse> warehouses,
        Func<string, string, long> available)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(warehouses);
        ArgumentNullException.ThrowIfNull(available);
        var problem = Problem.Create(lines, warehouses, available);
        var shortSkus = problem.ShortSkus();
        if (shortSkus.Count > 0)
        {
            return AllocationPlan.Insufficient(shortSkus);
        }

        if (lines.Count == 0)
        {
            return new AllocationPlan([], 0, [], Exact: true);
        }

        if (lines.Count <= ExactMaxLines && warehouses.Count <= ExactMaxWarehouses)
        {
            var exact = ExactSearch.Run(problem);
            if (exact is not null)
            {
                return problem.Plan(exact, isExact: true);
            }
        }

        return problem.Plan(Greedy(problem), isExact: false);
    }

    /// <summary>The greedy baseline on its own (for comparison).</summary>
    public static AllocationPlan AllocateGreedy(
        IReadOnlyList<AllocationLine> lines,
        IReadOnlyList<Warehouse> warehouses,
        Func<string, string, long> available)
    {
        var problem = Problem.Create(lines, warehouses, available);
        var shortSkus = problem.ShortSkus();
        return shortSkus.Count > 0 ? AllocationPlan.Insufficient(shortSkus) : problem.Plan(Greedy(problem), isExact: false);
    }

    static int[] Greedy(Problem problem)
    {
        var remaining = problem.Demand.ToArray();
        var chosen = new List<int>();
        while (remaining.Any(r => r > 0))
        {
            var best = -1;
            long bestCovered = 0;
            for (var w = 0; w < problem.WarehouseCount; w++)
            {
                if (chosen.Contains(w))
                {
                    continue;
                }

                long covered = 0;
                for (var l = 0; l < remaining.Length; l++)
                {
                    covered += Math.Min(remaining[l], problem.Stock[w, l]);
                }

                if (covered > bestCovered || (covered == bestCovered && covered > 0 && problem.Warehouses[w].UnitCostMinor < problem.Warehouses[best].UnitCostMinor))
                {
                    best = w;
                    bestCovered = covered;
                }
            }

            chosen.Add(best);
            for (var l = 0; l < remaining.Length; l++)
            {
                remaining[l] -= Math.Min(remaining[l], problem.Stock[best, l]);
            }
        }

        return [.. chosen];
    }

    /// <summary>Dense form of the problem: demand per line, stock per warehouse × line.</summary>
    sealed class Problem
    {
        public required IReadOnlyList<AllocationLine> Lines { get; init; }
        public required IReadOnlyList<Warehouse> Warehouses { get; init; }
        public required long[] Demand { get; init; }
        public required long[,] Stock { get; init; }
        public required int[] UnitCostOrder { get; init; }

        public int WarehouseCount => Warehouses.Count;

        public static Problem Create(IReadOnlyList<AllocationLine> lines, IReadOnlyList<Warehouse> warehouses, Func<string, string, long> available)
        {
            var stock = new long[warehouses.Count, lines.Count];
            for (var w = 0; w < warehouses.Count; w++)
            {
                for (var l = 0; l < lines.Count; l++)
                {
                    stock[w, l] = Math.Max(0, available(warehouses[w].Id, lines[l].Sku));
                }
            }

            return new Problem
            {
                Lines = lines,
                Warehouses = warehouses,
                Demand = [.. lines.Select(l => (long)l.Quantity)],
                Stock = stock,
                UnitCostOrder = [.. Enumerable.Range(0, warehouses.Count).OrderBy(w => warehouses[w].UnitCostMinor).ThenBy(w => w)],
            };
        }

        public List<string> ShortSkus()
        {
            var result = new List<string>();
            for (var l = 0; l < Lines.Count; l++)
            {
                long total = 0;
                for (var w = 0; w < WarehouseCount; w++)
                {
                    total += Stock[w, l];
                }

                if (total < Demand[l])
                {
                    result.Add(Lines[l].Sku);
                }
            }

            return result;
        }

        /// <summary>Fills each line from the chosen warehouses, cheapest per unit first; the cost of that fill.</summary>
        public long Cost(ReadOnlySpan<int> chosen, long[,]? assignment = null)
        {
            Span<long> units = stackalloc long[chosen.Length];
            for (var l = 0; l < Lines.Count; l++)
            {
                var left = Demand[l];
                foreach (var w in UnitCostOrder)
                {
                    if (left == 0)
                    {
                        break;
                    }

                    var slot = chosen.IndexOf(w);
                    if (slot < 0)
                    {
                        continue;
                    }

                    var take = Math.Min(left, Stock[w, l]);
                    left -= take;
                    units[slot] += take;
                    if (assignment is not null)
                    {
                        assignment[slot, l] = take;
                    }
                }
            }

            long cost = 0;
            for (var i = 0; i < chosen.Length; i++)
            {
                cost += units[i] > 0 ? Warehouses[chosen[i]].CostOf(units[i]) : 0;
            }

            return cost;
        }

        public AllocationPlan Plan(int[] chosen, bool isExact)
        {
            var assignment = new long[chosen.Length, Lines.Count];
            var cost = Cost(chosen, assignment);
            var shipments = new List<PlannedShipment>();
            for (var i = 0; i < chosen.Length; i++)
            {
                var items = new List<AllocatedItem>();
                for (var l = 0; l < Lines.Count; l++)
                {
                    if (assignment[i, l] > 0)
                    {
                        items.Add(new AllocatedItem(Lines[l].Sku, (int)assignment[i, l]));
                    }
                }

                if (items.Count > 0)
                {
                    shipments.Add(new PlannedShipment(Warehouses[chosen[i]].Id, items));
                }
            }

            return new AllocationPlan([.. shipments.OrderBy(s => s.WarehouseId, StringComparer.Ordinal)], cost, [], isExact);
        }
    }

    /// <summary>
    /// Iterative deepening on the number of shipments k: branch on the warehouses holding stock of the first line not yet
    /// covered (any feasible set must contain one of them), so every feasible set of size k is visited; keep the cheapest.
    /// </summary>
    sealed class ExactSearch
    {
        readonly Problem problem;
        readonly int[] chosen;
        readonly long[] remaining;
        readonly HashSet<ulong> visited = [];
        int nodes;
        long bestCost = long.MaxValue;
        int[]? best;

        ExactSearch(Problem problem)
        {
            this.problem = problem;
            chosen = new int[problem.WarehouseCount];
            remaining = problem.Demand.ToArray();
            var lines = remaining.Length;
            candidates = new int[lines];
            topStock = new long[lines][];
            for (var l = 0; l < lines; l++)
            {
                var stocks = Enumerable.Range(0, problem.WarehouseCount).Select(w => problem.Stock[w, l]).Where(x => x > 0).OrderDescending().ToArray();
                candidates[l] = stocks.Length;
                topStock[l] = new long[problem.WarehouseCount + 1];
                for (var i = 1; i <= problem.WarehouseCount; i++)
                {
                    topStock[l][i] = topStock[l][i - 1] + (i <= stocks.Length ? stocks[i - 1] : 0);
                }
            }
        }

        /// <summary>Per line: how many warehouses hold any of it.</summary>
        readonly int[] candidates;

        /// <summary>Per line: prefix sums of its stocks, largest first (the most i warehouses could supply).</summary>
        readonly long[][] topStock;

        public static int[]? Run(Problem problem)
        {
            var search = new ExactSearch(problem);
            for (var k = 1; k <= problem.WarehouseCount; k++)
            {
                search.visited.Clear();
                search.Descend(0, k, 0);
                if (search.best is not null)
                {
                    return search.best;
                }

                if (search.nodes > ExactNodeBudget)
                {
                    return null;
                }
            }

            return null;
        }

        void Descend(int depth, int limit, ulong mask)
        {
            if (++nodes > ExactNodeBudget)
            {
                return;
            }

            // Branch on the uncovered line with the fewest warehouses able to help (most constrained first).
            var line = -1;
            var fewest = int.MaxValue;
            for (var l = 0; l < remaining.Length; l++)
            {
                if (remaining[l] > 0 && candidates[l] < fewest)
                {
                    (line, fewest) = (l, candidates[l]);
                }
            }

            if (line < 0)
            {
                var cost = problem.Cost(chosen.AsSpan(0, depth));
                if (cost < bestCost || (cost == bestCost && IsLexicallySmaller(depth)))
                {
                    bestCost = cost;
                    best = chosen[..depth];
                }

                return;
            }

            // Bound: even the (limit - depth) largest stocks of some line cannot cover what it still needs.
            var left = limit - depth;
            if (left == 0)
            {
                return;
            }

            for (var l = 0; l < remaining.Length; l++)
            {
                if (remaining[l] > topStock[l][Math.Min(left, topStock[l].Length - 1)])
                {
                    return;
                }
            }

            for (var w = 0; w < problem.WarehouseCount; w++)
            {
                if (problem.Stock[w, line] == 0 || chosen.AsSpan(0, depth).Contains(w))
                {
                    continue;
                }

                // Coverage depends only on the set, not the order it was built in: visit each set once.
                var set = mask | (1UL << w);
                if (!visited.Add(set))
                {
                    continue;
                }

                chosen[depth] = w;
                var taken = new long[remaining.Length];
                for (var l = 0; l < remaining.Length; l++)
                {
                    taken[l] = Math.Min(remaining[l], problem.Stock[w, l]);
                    remaining[l] -= taken[l];
                }

                Descend(depth + 1, limit, set);
                for (var l = 0; l < remaining.Length; l++)
                {
                    remaining[l] += taken[l];
                }
            }
        }

        bool IsLexicallySmaller(int depth)
        {
            var candidate = chosen[..depth].Order().ToArray();
            var current = best!.Order().ToArray();
            return candidate.AsSpan().SequenceCompareTo(current) < 0;
        }
    }
}
