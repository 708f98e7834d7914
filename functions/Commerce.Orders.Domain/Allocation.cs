using System.Buffers;
using System.Numerics;

namespace Commerce.Orders.Domain;

/// <summary>What kind of location keeps stock: a warehouse, or a physical store (which also sells at its tills).</summary>
public enum LocationKind
{
    Warehouse,
    Store,
}

/// <summary>
/// A location that keeps stock (a warehouse, or a store: <see cref="Kind"/>) and its shipping cost model: a fixed cost
/// per shipment plus a cost per unit shipped (minor units).
/// </summary>
public sealed record Warehouse(string Id, string Location, long ShipmentCostMinor, long UnitCostMinor, LocationKind Kind = LocationKind.Warehouse)
{
    public long CostOf(long units) => ShipmentCostMinor + (UnitCostMinor * units);
}

/// <summary>
/// A physical store (setting <c>Orders:Stores</c>): a location whose stock arrives through stock-levels like a
/// warehouse's and leaves through its tills (the <c>store-sales</c> queue). Checkout allocates online orders from it only
/// when <paramref name="AllocateOnlineOrders"/> is set (off by default); its shipping costs count as a warehouse's then.
/// </summary>
public sealed record Store(string Id, string Location, long ShipmentCostMinor, long UnitCostMinor, bool AllocateOnlineOrders = false)
{
    public Warehouse AsLocation() => new(Id, Location, ShipmentCostMinor, UnitCostMinor, LocationKind.Store);
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
/// warehouse has available; lines split across warehouses when needed. Exact up to <see cref="ExactMaxLines"/> lines ×
/// <see cref="ExactMaxWarehouses"/> warehouses (see <see cref="ExactSearch"/>); greedy (most remaining units covered per
/// shipment) beyond, or when the exact search exceeds its node budget.
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
            var (chosen, proven) = ExactSearch.Run(problem);
            if (chosen is not null)
            {
                return problem.Plan(chosen, isExact: proven);
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
        while (remaining.AsSpan().ContainsAnyExcept(0L))
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
                    covered += Math.Min(remaining[l], problem.StockAt(w, l));
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
                remaining[l] -= Math.Min(remaining[l], problem.StockAt(best, l));
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

        /// <summary>Available units, warehouse-major: <c>Stock[w * LineCount + l]</c>.</summary>
        public required long[] Stock { get; init; }

        /// <summary>Warehouse indices by unit cost, then index: the order every fill takes units in.</summary>
        public required int[] UnitCostOrder { get; init; }

        public int WarehouseCount => Warehouses.Count;

        public int LineCount => Lines.Count;

        public long StockAt(int warehouse, int line) => Stock[(warehouse * Lines.Count) + line];

        public static Problem Create(IReadOnlyList<AllocationLine> lines, IReadOnlyList<Warehouse> warehouses, Func<string, string, long> available)
        {
            var stock = new long[warehouses.Count * lines.Count];
            for (var w = 0; w < warehouses.Count; w++)
            {
                for (var l = 0; l < lines.Count; l++)
                {
                    stock[(w * lines.Count) + l] = Math.Max(0, available(warehouses[w].Id, lines[l].Sku));
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
            for (var l = 0; l < LineCount; l++)
            {
                long total = 0;
                for (var w = 0; w < WarehouseCount; w++)
                {
                    total += StockAt(w, l);
                }

                if (total < Demand[l])
                {
                    result.Add(Lines[l].Sku);
                }
            }

            return result;
        }

        /// <summary>Fills each line from the chosen warehouses, cheapest per unit first (optimal for a fixed set); the cost of that fill.</summary>
        public long Cost(ReadOnlySpan<int> chosen, long[,]? assignment = null)
        {
            Span<long> units = stackalloc long[chosen.Length];
            for (var l = 0; l < LineCount; l++)
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

                    var take = Math.Min(left, StockAt(w, l));
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
            var assignment = new long[chosen.Length, LineCount];
            var cost = Cost(chosen, assignment);
            var shipments = new List<PlannedShipment>();
            for (var i = 0; i < chosen.Length; i++)
            {
                var items = new List<AllocatedItem>();
                for (var l = 0; l < LineCount; l++)
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
    /// Exact search over warehouse sets as 64-bit masks (≤ 64 warehouses, ≤ 64 lines). Phase 1, iterative deepening on the
    /// number of shipments k: branch on the uncovered line with the fewest warehouses still able to supply it (any feasible
    /// set holds one of them); branch i forbids candidates 1..i-1, so each set is visited once. A node is cut when some
    /// line's allowed stock falls short, when lines with pairwise disjoint suppliers need more than the slots left, or when
    /// the slots left, filled with the warehouses touching the most uncovered lines, cannot touch each uncovered line as
    /// often as it needs. Phase 2, branch and bound over the sets of the minimal size k: a set costs its warehouses'
    /// fixed costs plus each line filled cheapest-per-unit first, bounded below by the chosen fixed costs, the cheapest
    /// fixed costs of the warehouses that could fill the remaining slots, and every line filled at the cheapest unit costs
    /// any completion could offer (a child is skipped before it is visited when the same floor with its own fixed cost
    /// already reaches the best cost). The last slot is filled directly by the warehouses that alone cover what is left.
    /// At the minimal k every warehouse of a feasible set must touch a line still uncovered when
    /// it is added (else a smaller set would be feasible), which is what makes these bounds valid.
    /// </summary>
    sealed class ExactSearch
    {
        readonly int lineCount;
        readonly int warehouseCount;
        readonly long[] stock;
        readonly long[] demand;
        readonly long[] fixedCost;
        readonly long[] unitCost;

        /// <summary>Per warehouse: the lines it holds any units of.</summary>
        readonly ulong[] linesOf;

        /// <summary>Per line: the warehouses holding any units of it.</summary>
        readonly ulong[] holders;

        /// <summary>Per line: its holders by unit cost, then index.</summary>
        readonly int[][] cheapestFirst;

        /// <summary>Per depth: units still uncovered per line (rented).</summary>
        readonly long[] remaining;

        /// <summary>Per depth: branching candidates and their scores (rented).</summary>
        readonly int[] candidates;
        readonly long[] scores;

        int nodes;
        bool optimizing;
        bool found;
        bool aborted;
        ulong bestSet;
        long bestCost = long.MaxValue;

        ExactSearch(Problem problem)
        {
            lineCount = problem.LineCount;
            warehouseCount = problem.WarehouseCount;
            stock = problem.Stock;
            demand = problem.Demand;
            fixedCost = new long[warehouseCount];
            unitCost = new long[warehouseCount];
            linesOf = new ulong[warehouseCount];
            holders = new ulong[lineCount];
            for (var w = 0; w < warehouseCount; w++)
            {
                fixedCost[w] = problem.Warehouses[w].ShipmentCostMinor;
                unitCost[w] = problem.Warehouses[w].UnitCostMinor;
                for (var l = 0; l < lineCount; l++)
                {
                    if (stock[(w * lineCount) + l] > 0)
                    {
                        linesOf[w] |= 1UL << l;
                        holders[l] |= 1UL << w;
                    }
                }
            }

            cheapestFirst = new int[lineCount][];
            for (var l = 0; l < lineCount; l++)
            {
                var order = new int[BitOperations.PopCount(holders[l])];
                var i = 0;
                foreach (var w in problem.UnitCostOrder)
                {
                    if ((holders[l] & (1UL << w)) != 0)
                    {
                        order[i++] = w;
                    }
                }

                cheapestFirst[l] = order;
            }

            remaining = ArrayPool<long>.Shared.Rent((warehouseCount + 1) * lineCount);
            candidates = ArrayPool<int>.Shared.Rent((warehouseCount + 1) * warehouseCount);
            scores = ArrayPool<long>.Shared.Rent((warehouseCount + 1) * warehouseCount);
        }

        /// <summary>The cheapest of the smallest feasible sets (warehouse indices, ascending), and whether it is proven optimal; null when the budget ran out before any set was found.</summary>
        public static (int[]? Chosen, bool Proven) Run(Problem problem)
        {
            var search = new ExactSearch(problem);
            try
            {
                return search.Solve();
            }
            finally
            {
                ArrayPool<long>.Shared.Return(search.remaining);
                ArrayPool<int>.Shared.Return(search.candidates);
                ArrayPool<long>.Shared.Return(search.scores);
            }
        }

        (int[]? Chosen, bool Proven) Solve()
        {
            var all = warehouseCount == 64 ? ulong.MaxValue : (1UL << warehouseCount) - 1;
            demand.CopyTo(remaining, 0);
            var k = 1;
            for (; k <= warehouseCount && !found; k++)
            {
                Descend(0, k, 0, all, 0);
                if (aborted)
                {
                    return (null, false);
                }
            }

            if (!found)
            {
                return (null, false);
            }

            optimizing = true;
            bestCost = CostOf(bestSet);
            Descend(0, k - 1, 0, all, 0);
            var chosen = new int[BitOperations.PopCount(bestSet)];
            var i = 0;
            for (var set = bestSet; set != 0; set &= set - 1)
            {
                chosen[i++] = BitOperations.TrailingZeroCount(set);
            }

            return (chosen, !aborted);
        }

        void Descend(int depth, int limit, ulong chosen, ulong allowed, long chosenFixed)
        {
            if (++nodes > ExactNodeBudget)
            {
                aborted = true;
                return;
            }

            var rem = remaining.AsSpan(depth * lineCount, lineCount);
            ulong uncovered = 0;
            for (var l = 0; l < lineCount; l++)
            {
                if (rem[l] > 0)
                {
                    uncovered |= 1UL << l;
                }
            }

            if (uncovered == 0)
            {
                Offer(chosen);
                return;
            }

            var left = limit - depth;
            if (left == 0)
            {
                return;
            }

            if (left == 1)
            {
                Complete(chosen, allowed, chosenFixed, uncovered, rem);
                return;
            }

            // Per uncovered line: the warehouses still able to supply it, and whether one of them suffices.
            var branchLine = -1;
            var fewest = int.MaxValue;
            ulong useful = 0, disjointSuppliers = 0;
            int disjointNeed = 0, touchesNeeded = 0;
            for (var u = uncovered; u != 0; u &= u - 1)
            {
                var l = BitOperations.TrailingZeroCount(u);
                var able = holders[l] & allowed;
                long total = 0, largest = 0;
                for (var a = able; a != 0; a &= a - 1)
                {
                    var units = stock[(BitOperations.TrailingZeroCount(a) * lineCount) + l];
                    total += units;
                    largest = Math.Max(largest, units);
                }

                if (total < rem[l])
                {
                    return;
                }

                var need = largest >= rem[l] ? 1 : 2;
                touchesNeeded += need;
                if ((able & disjointSuppliers) == 0)
                {
                    disjointNeed += need;
                    disjointSuppliers |= able;
                }

                useful |= able;
                var count = BitOperations.PopCount(able);
                if (count < fewest)
                {
                    (fewest, branchLine) = (count, l);
                }
            }

            if (disjointNeed > left || BitOperations.PopCount(useful) < left || !CanTouch(useful, uncovered, left, touchesNeeded))
            {
                return;
            }

            // Cost floor for this node and, with one slot taken by the candidate, for each child.
            long childFloor = 0;
            if (optimizing)
            {
                var unitFloor = UnitCostFloor(chosen | useful);
                if (chosenFixed + CheapestFixed(useful, left) + unitFloor >= bestCost)
                {
                    return;
                }

                childFloor = chosenFixed + CheapestFixed(useful, left - 1) + unitFloor;
            }

            // Candidates: the branch line's suppliers, those covering the most uncovered units first.
            var branch = holders[branchLine] & allowed;
            var size = BitOperations.PopCount(branch);
            var order = candidates.AsSpan(depth * warehouseCount, size);
            var score = scores.AsSpan(depth * warehouseCount, size);
            var n = 0;
            for (var b = branch; b != 0; b &= b - 1)
            {
                var w = BitOperations.TrailingZeroCount(b);
                long covered = 0;
                for (var t = linesOf[w] & uncovered; t != 0; t &= t - 1)
                {
                    var l = BitOperations.TrailingZeroCount(t);
                    covered += Math.Min(rem[l], stock[(w * lineCount) + l]);
                }

                if (optimizing)
                {
                    // Cheapest per unit covered first: finds cheap sets early, so the cost bound cuts more.
                    covered = -((fixedCost[w] + (unitCost[w] * covered)) * 1024 / covered);
                }

                var at = n++;
                while (at > 0 && score[at - 1] < covered)
                {
                    order[at] = order[at - 1];
                    score[at] = score[at - 1];
                    at--;
                }

                order[at] = w;
                score[at] = covered;
            }

            var next = remaining.AsSpan((depth + 1) * lineCount, lineCount);
            var forbidden = 0UL;
            foreach (var w in order)
            {
                var bit = 1UL << w;
                if (optimizing && childFloor + fixedCost[w] >= bestCost)
                {
                    forbidden |= bit;
                    continue;
                }

                rem.CopyTo(next);
                for (var t = linesOf[w] & uncovered; t != 0; t &= t - 1)
                {
                    var l = BitOperations.TrailingZeroCount(t);
                    next[l] -= Math.Min(next[l], stock[(w * lineCount) + l]);
                }

                Descend(depth + 1, limit, chosen | bit, allowed & ~(forbidden | bit), chosenFixed + fixedCost[w]);
                if (aborted || (found && !optimizing))
                {
                    return;
                }

                forbidden |= bit;
            }
        }

        /// <summary>The last slot: only a warehouse that alone covers what is left completes the set.</summary>
        void Complete(ulong chosen, ulong allowed, long chosenFixed, ulong uncovered, ReadOnlySpan<long> rem)
        {
            var completers = allowed;
            for (var u = uncovered; u != 0 && completers != 0; u &= u - 1)
            {
                var l = BitOperations.TrailingZeroCount(u);
                ulong able = 0;
                for (var a = holders[l] & completers; a != 0; a &= a - 1)
                {
                    var w = BitOperations.TrailingZeroCount(a);
                    if (stock[(w * lineCount) + l] >= rem[l])
                    {
                        able |= 1UL << w;
                    }
                }

                completers = able;
            }

            for (; completers != 0; completers &= completers - 1)
            {
                var w = BitOperations.TrailingZeroCount(completers);
                if (found && chosenFixed + fixedCost[w] >= bestCost)
                {
                    continue;
                }

                Offer(chosen | (1UL << w));
                if (!optimizing)
                {
                    return;
                }
            }
        }

        /// <summary>A feasible set: the best so far if it is the first or cheaper.</summary>
        void Offer(ulong set)
        {
            var cost = CostOf(set);
            if (cost < bestCost || !found)
            {
                (bestCost, bestSet, found) = (cost, set, true);
            }
        }

        /// <summary>Whether <paramref name="slots"/> warehouses of <paramref name="useful"/> could touch the uncovered lines <paramref name="needed"/> times in all.</summary>
        bool CanTouch(ulong useful, ulong uncovered, int slots, int needed)
        {
            Span<long> most = stackalloc long[slots];
            for (var u = useful; u != 0; u &= u - 1)
            {
                KeepLargest(most, BitOperations.PopCount(linesOf[BitOperations.TrailingZeroCount(u)] & uncovered));
            }

            long sum = 0;
            foreach (var touches in most)
            {
                sum += touches;
            }

            return sum >= needed;
        }

        /// <summary>The sum of the <paramref name="slots"/> smallest fixed costs in <paramref name="set"/> (which holds at least that many).</summary>
        long CheapestFixed(ulong set, int slots)
        {
            Span<long> negated = stackalloc long[slots];
            negated.Fill(long.MinValue);
            for (var s = set; s != 0; s &= s - 1)
            {
                KeepLargest(negated, -fixedCost[BitOperations.TrailingZeroCount(s)]);
            }

            long sum = 0;
            foreach (var cost in negated)
            {
                sum -= cost;
            }

            return sum;
        }

        /// <summary>Keeps the largest values offered in <paramref name="best"/>, in descending order.</summary>
        static void KeepLargest(Span<long> best, long value)
        {
            var at = best.Length - 1;
            if (value <= best[at])
            {
                return;
            }

            while (at > 0 && best[at - 1] < value)
            {
                best[at] = best[at - 1];
                at--;
            }

            best[at] = value;
        }

        /// <summary>Unit costs of every line filled cheapest first from <paramref name="set"/>: exact for a final set, a floor for any subset.</summary>
        long UnitCostFloor(ulong set) => Fill(set, out _);

        /// <summary>The cost of shipping from <paramref name="set"/>: fixed costs of the warehouses that ship plus the cheapest-first fill.</summary>
        long CostOf(ulong set)
        {
            var cost = Fill(set, out var shipping);
            for (; shipping != 0; shipping &= shipping - 1)
            {
                cost += fixedCost[BitOperations.TrailingZeroCount(shipping)];
            }

            return cost;
        }

        long Fill(ulong set, out ulong shipping)
        {
            long cost = 0;
            shipping = 0;
            for (var l = 0; l < lineCount; l++)
            {
                var left = demand[l];
                foreach (var w in cheapestFirst[l])
                {
                    if ((set & (1UL << w)) == 0)
                    {
                        continue;
                    }

                    var take = Math.Min(left, stock[(w * lineCount) + l]);
                    cost += take * unitCost[w];
                    shipping |= 1UL << w;
                    left -= take;
                    if (left == 0)
                    {
                        break;
                    }
                }
            }

            return cost;
        }
    }
}
