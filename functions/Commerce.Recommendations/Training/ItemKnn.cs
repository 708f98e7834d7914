using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Training;

/// <summary>
/// Item-kNN neighbours: cosine similarity of two products over the binary shopper × product matrix (how many shoppers
/// touched both, over the geometric mean of how many touched each), whatever the order or distance of the events.
/// Co-occurrence (<see cref="ItemTables"/>) pairs an event only with the shopper's previous few events; on purchase logs
/// with large baskets spread over months, item-kNN sees the whole of each shopper's taste.
/// </summary>
internal static class ItemKnn
{
    /// <summary>
    /// The top <paramref name="neighbours"/> of each of the <paramref name="productCount"/> products (indexes from
    /// <paramref name="itemOf"/>, one per interaction), best first; ties: lower index first.
    /// </summary>
    public static (int[][] Ids, float[][] Similarities) Build(IReadOnlyList<Interaction> interactions, int[] itemOf, int productCount, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(itemOf);
        var itemsByUser = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var e = 0; e < interactions.Count; e++)
        {
            (itemsByUser.TryGetValue(interactions[e].UserId, out var set) ? set : itemsByUser[interactions[e].UserId] = []).Add(itemOf[e]);
        }

        var users = itemsByUser.Values.Select(s => s.ToArray()).ToArray();
        var usersOfItem = new List<int>[productCount];
        for (var u = 0; u < users.Length; u++)
        {
            foreach (var item in users[u])
            {
                (usersOfItem[item] ??= []).Add(u);
            }
        }

        var ids = new int[productCount][];
        var similarities = new float[productCount][];
        var overlap = new float[productCount];
        var touched = new List<int>();
        var heap = new PriorityQueue<int, (float Similarity, int NegatedItem)>(neighbours + 1);
        for (var i = 0; i < productCount; i++)
        {
            if (usersOfItem[i] is not { } mine)
            {
                (ids[i], similarities[i]) = ([], []);
                continue;
            }

            foreach (var u in mine)
            {
                foreach (var j in users[u])
                {
                    if (j != i)
                    {
                        if (overlap[j] == 0)
                        {
                            touched.Add(j);
                        }

                        overlap[j]++;
                    }
                }
            }

            foreach (var j in touched)
            {
                var similarity = overlap[j] / MathF.Sqrt((float)mine.Count * usersOfItem[j]!.Count);
                overlap[j] = 0;
                if (heap.Count < neighbours)
                {
                    heap.Enqueue(j, (similarity, -j));
                }
                else if (heap.TryPeek(out _, out var weakest) && (similarity, -j).CompareTo(weakest) > 0)
                {
                    heap.EnqueueDequeue(j, (similarity, -j));
                }
            }

            touched.Clear();
            var count = heap.Count;
            ids[i] = new int[count];
            similarities[i] = new float[count];
            for (var k = count - 1; heap.TryDequeue(out var j, out var key); k--)
            {
                ids[i][k] = j;
                similarities[i][k] = key.Similarity;
            }
        }

        return (ids, similarities);
    }
}
