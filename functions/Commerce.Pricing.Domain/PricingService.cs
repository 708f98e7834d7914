using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Pricing.Domain;

/// <summary>
/// Costs, guardrails, proposals and applying a price. Pricing writes only its own containers
/// (<see cref="PricingContainers"/> and <see cref="AppliedPrice.Container"/>); it reads the catalog's
/// <see cref="SkuSnapshot"/> (price now, category) and the orders context's <see cref="SkuInventory"/> (units a checkout
/// in flight holds), both published contracts. An applied price reaches products and carts through the catalog, which
/// applies the <see cref="AppliedPrice"/> it is told about (<see cref="IAppliedPriceNotifier"/>).
/// </summary>
public sealed class PricingService(IDocumentStore store, IAppliedPriceNotifier notifier, CategoryIndex index, TimeProvider clock)
{
    readonly IDocumentContainer<SkuSnapshot> _catalog = store.Container<SkuSnapshot>(SkuSnapshot.Container);
    readonly IDocumentContainer<SkuInventory> _inventory = store.Container<SkuInventory>(SkuInventory.Container);
    readonly IDocumentContainer<AppliedPrice> _applied = store.Container<AppliedPrice>(AppliedPrice.Container);
    readonly IDocumentContainer<SkuPricing> _skus = store.Container<SkuPricing>(PricingContainers.Skus);
    readonly IDocumentContainer<CategoryPricing> _categories = store.Container<CategoryPricing>(PricingContainers.Categories);
    readonly IDocumentContainer<PriceProposal> _proposals = store.Container<PriceProposal>(PricingContainers.Proposals);
    readonly IDocumentContainer<PriceChange> _changes = store.Container<PriceChange>(PricingContainers.Changes);

    public Task<PricingResult<SkuPricing>> SetCostsAsync(string sku, CostsInput? input, string by, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var costs = PricingInputs.Amounts(input?.Costs, "costs", errors, required: true);
        return SaveSkuAsync(sku, errors, pricing => pricing with { Costs = costs }, by, cancellationToken);
    }

    public Task<PricingResult<SkuPricing>> SetSkuGuardrailAsync(string sku, GuardrailInput? input, string by, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var guardrail = PricingInputs.ToGuardrail(input, errors);
        if (input?.Mode is not null)
        {
            errors["mode"] = ["The approval mode is set per category."];
        }

        return SaveSkuAsync(sku, errors, pricing => pricing with { Guardrail = guardrail }, by, cancellationToken);
    }

    /// <summary>Refuses <paramref name="errors"/> or a SKU the catalog does not sell; otherwise applies <paramref name="change"/> to the SKU's pricing document.</summary>
    async Task<PricingResult<SkuPricing>> SaveSkuAsync(string sku, Dictionary<string, string[]> errors, Func<SkuPricing, SkuPricing> change, string by, CancellationToken cancellationToken)
    {
        if (errors.Count > 0)
        {
            return PricingResult<SkuPricing>.Invalid(errors);
        }

        if (await SnapshotAsync(sku, cancellationToken) is not { } snapshot)
        {
            return PricingResult<SkuPricing>.NotFound($"SKU '{sku}' is not in the catalog.");
        }

        var now = clock.GetUtcNow();
        var saved = await _skus.UpdateAsync(sku, sku, current => change(current ?? new SkuPricing { Sku = sku, UpdatedBy = by }) with { UpdatedBy = by, UpdatedAt = now }, cancellationToken: cancellationToken);
        await index.FollowAsync(sku, snapshot.CategoryId, cancellationToken);
        return PricingResult<SkuPricing>.Ok(saved.Value with { CategoryId = snapshot.CategoryId });
    }

    public async Task<PricingResult<CategoryPricing>> SetCategoryAsync(string categoryId, GuardrailInput? input, string by, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var guardrail = PricingInputs.ToGuardrail(input, errors);
        if (!PricingInputs.IsCategoryId(categoryId))
        {
            errors["categoryId"] = ["A category id is 1-64 lower-case letters, digits or '-'."];
        }

        if (errors.Count > 0)
        {
            return PricingResult<CategoryPricing>.Invalid(errors);
        }

        var category = new CategoryPricing { CategoryId = categoryId, Guardrail = guardrail!, Mode = input!.Mode ?? ApprovalMode.Approval, UpdatedBy = by, UpdatedAt = clock.GetUtcNow() };
        var saved = await _categories.UpsertAsync(categoryId, PricingContainers.CategoriesPartition, category, cancellationToken: cancellationToken);
        return PricingResult<CategoryPricing>.Ok(saved.Value);
    }

    /// <summary>
    /// Records a proposal, refused at once when it already breaks a guardrail; in a category in
    /// <see cref="ApprovalMode.Automatic"/> it is applied at once, otherwise it waits for <see cref="ApproveAsync"/>.
    /// </summary>
    public Task<PricingResult<PriceProposal>> ProposeAsync(string sku, ProposalInput? input, string by, CancellationToken cancellationToken = default)
        => ProposeAsync(sku, input, by, currency => SituationAsync(sku, currency, cancellationToken), cancellationToken);

    /// <summary>
    /// <see cref="ProposeAsync(string, ProposalInput?, string, CancellationToken)"/> with the SKU's situation in the
    /// proposal's currency from <paramref name="situationIn"/> (the pricing run passes what it already read; an
    /// automatic category's apply still reads the SKU afresh).
    /// </summary>
    internal async Task<PricingResult<PriceProposal>> ProposeAsync(string sku, ProposalInput? input, string by, Func<string, Task<(PriceSituation Situation, ApprovalMode Mode)?>> situationIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(situationIn);
        var errors = new Dictionary<string, string[]>();
        if (PricingInputs.ToProposal(input, errors) is not { } proposed)
        {
            return PricingResult<PriceProposal>.Invalid(errors);
        }

        if (await situationIn(proposed.Currency) is not { } situation)
        {
            return PricingResult<PriceProposal>.NotFound($"SKU '{sku}' is not in the catalog, or not sold in {proposed.Currency}.");
        }

        var price = Money.Of(proposed.Price, proposed.Currency);
        if (Guardrails.Check(situation.Situation with { InCheckout = false }, price) is { } refusal)
        {
            return PricingResult<PriceProposal>.Refused(refusal);
        }

        var proposal = new PriceProposal
        {
            Id = Guid.NewGuid().ToString("N"),
            Sku = sku,
            Currency = proposed.Currency,
            Price = proposed.Price,
            Reason = proposed.Reason,
            ProposedBy = by,
            ProposedAt = clock.GetUtcNow(),
        };
        var created = await _proposals.CreateAsync(proposal.Id, sku, proposal, cancellationToken: cancellationToken);
        if (by == PricingRunRule.Actor)
        {
            await SupersedeAsync(proposal, cancellationToken);
        }

        return situation.Mode == ApprovalMode.Automatic
            ? await DecideAsync(created, by, cancellationToken)
            : PricingResult<PriceProposal>.Created(proposal);
    }

    /// <summary>
    /// Applies a pending proposal if the guardrails still allow it now (a checkout holding the SKU refuses it; it stays
    /// pending). A proposal is applied at most once: a decided one, or one another approver decided meanwhile, is a
    /// <see cref="PricingConflicts.ProposalNotPending"/> conflict.
    /// </summary>
    public async Task<PricingResult<PriceProposal>> ApproveAsync(string sku, string proposalId, string by, CancellationToken cancellationToken = default)
    {
        if (!PricingInputs.IsProposalId(proposalId))
        {
            return PricingResult<PriceProposal>.Invalid("proposalId", "A proposal id is 32 lower-case hexadecimal digits.");
        }

        var proposal = PricingInputs.IsSku(sku) ? await _proposals.ReadAsync(proposalId, sku, cancellationToken) : null;
        return proposal is null
            ? PricingResult<PriceProposal>.NotFound($"No proposal '{proposalId}' for SKU '{sku}'.")
            : proposal.Value.Status == ProposalStatus.Pending
                ? await DecideAsync(proposal, by, cancellationToken)
                : NotPending(proposal.Value);
    }

    /// <summary>
    /// A run's proposal replaces the SKU's older pending run proposals in its currency (a staff member's proposal is
    /// never withdrawn by a run): each is marked <see cref="ProposalStatus.Superseded"/> at the version read, so one
    /// an approver claimed meanwhile keeps that decision, and a superseded one can no longer be approved.
    /// </summary>
    async Task SupersedeAsync(PriceProposal newer, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, object?> { ["status"] = (long)ProposalStatus.Pending, ["currency"] = newer.Currency, ["proposedBy"] = PricingRunRule.Actor };
        string? continuation = null;
        do
        {
            var page = await _proposals.QueryAsync(newer.Sku, new DocumentQuery { Filters = filters, PageSize = DocumentQueryRules.MaxPageSize, ContinuationToken = continuation }, cancellationToken);
            foreach (var older in page.Items.Where(d => d.Id != newer.Id && d.Value.ProposedAt <= newer.ProposedAt))
            {
                try
                {
                    var superseded = older.Value with { Status = ProposalStatus.Superseded, DecidedBy = PricingRunRule.Actor, DecidedAt = newer.ProposedAt, Outcome = newer.Id };
                    await _proposals.ReplaceAsync(older.Id, older.PartitionKey, superseded, older.ETag, cancellationToken: cancellationToken);
                }
                catch (DocumentConcurrencyException)
                {
                    // Decided meanwhile (applied by an approver, or superseded by another run): that decision stands.
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    static PricingResult<PriceProposal> PriceChanged(PriceProposal proposal)
        => PricingResult<PriceProposal>.Conflict(new PriceRefusal(PricingConflicts.PriceChanged, $"Another change of SKU '{proposal.Sku}' was decided at the same time; proposal '{proposal.Id}' is still pending: approve it again to check it against the price now."));

    static PricingResult<PriceProposal> NotPending(PriceProposal proposal)
        => PricingResult<PriceProposal>.Conflict(new PriceRefusal(PricingConflicts.ProposalNotPending, $"Proposal '{proposal.Id}' is {proposal.Status.ToString().ToLowerInvariant()}, not pending: only a pending proposal can be approved."));

    /// <summary>The SKU's applied changes, newest first (at most 100).</summary>
    public async Task<PricingResult<IReadOnlyList<PriceChange>>> HistoryAsync(string sku, CancellationToken cancellationToken = default)
    {
        if (await SnapshotAsync(sku, cancellationToken) is null)
        {
            return PricingResult<IReadOnlyList<PriceChange>>.NotFound($"SKU '{sku}' is not in the catalog.");
        }

        var page = await _changes.QueryAsync(sku, new DocumentQuery { OrderBy = "at", Descending = true, PageSize = 100 }, cancellationToken);
        return PricingResult<IReadOnlyList<PriceChange>>.Ok(page.Items.Select(d => d.Value).ToArray());
    }

    /// <summary>The SKU's proposals waiting for approval, oldest first (at most 100; documents store enums as numbers).</summary>
    public async Task<PricingResult<IReadOnlyList<PriceProposal>>> PendingAsync(string sku, CancellationToken cancellationToken = default)
    {
        if (await SnapshotAsync(sku, cancellationToken) is null)
        {
            return PricingResult<IReadOnlyList<PriceProposal>>.NotFound($"SKU '{sku}' is not in the catalog.");
        }

        var page = await _proposals.QueryAsync(sku, new DocumentQuery { Filters = new Dictionary<string, object?> { ["status"] = (long)ProposalStatus.Pending }, OrderBy = "proposedAt", PageSize = 100 }, cancellationToken);
        return PricingResult<IReadOnlyList<PriceProposal>>.Ok(page.Items.Select(d => d.Value).ToArray());
    }

    /// <summary>
    /// Applies <paramref name="read"/> (a pending proposal, at the version read) if the guardrails allow it, with two
    /// optimistic writes so that concurrent decisions cannot both land on stale reads:
    /// <list type="number">
    /// <item>the proposal is marked applied only at the version read (ETag): of two approvers of one proposal, the
    /// second finds it changed and gets <see cref="PricingConflicts.ProposalNotPending"/>;</item>
    /// <item>the SKU's <see cref="AppliedPrice"/> is written only at the version the guardrails were checked against
    /// (ETag, or create when there was none): of two changes of one SKU decided at once (two proposals), the second
    /// finds the price moved under it, its change record and the proposal's claim are undone, and it gets
    /// <see cref="PricingConflicts.PriceChanged"/> (approve it again to check it against the new price).</item>
    /// </list>
    /// The change is recorded before the applied price is written, so whoever reads a price also finds the change that
    /// made it (today's opening price, the daily band): a SKU's changes form one chain, each change's old price being
    /// the new price of the one before.
    /// </summary>
    async Task<PricingResult<PriceProposal>> DecideAsync(Document<PriceProposal> read, string by, CancellationToken cancellationToken)
    {
        var proposal = read.Value;
        if (await StateAsync(proposal.Sku, proposal.Currency, cancellationToken) is not { } state)
        {
            return PricingResult<PriceProposal>.NotFound($"SKU '{proposal.Sku}' is no longer sold in {proposal.Currency}.");
        }

        var price = Money.Of(proposal.Price, proposal.Currency);
        if (Guardrails.Check(state.Situation, price) is { } refusal)
        {
            return PricingResult<PriceProposal>.Refused(refusal);
        }

        var now = clock.GetUtcNow();
        var change = new PriceChange
        {
            Id = Guid.NewGuid().ToString("N"),
            Sku = proposal.Sku,
            Currency = proposal.Currency,
            OldPrice = state.Situation.Current.Minor,
            NewPrice = proposal.Price,
            Reason = proposal.Reason,
            ChangedBy = by,
            ProposalId = proposal.Id,
            At = now,
        };
        var decided = proposal with { Status = ProposalStatus.Applied, DecidedBy = by, DecidedAt = now, Outcome = change.Id };
        Document<PriceProposal> claimed;
        try
        {
            claimed = await _proposals.ReplaceAsync(proposal.Id, proposal.Sku, decided, read.ETag, cancellationToken: cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            var current = (await _proposals.ReadAsync(proposal.Id, proposal.Sku, cancellationToken))?.Value ?? proposal;
            return current.Status == ProposalStatus.Pending ? PriceChanged(proposal) : NotPending(current);
        }

        await _changes.CreateAsync(change.Id, change.Sku, change, cancellationToken: cancellationToken);
        var applied = new AppliedPrice
        {
            Sku = proposal.Sku,
            Prices = new Dictionary<string, long>(state.Applied?.Value.Prices ?? new Dictionary<string, long>(), StringComparer.Ordinal) { [proposal.Currency] = proposal.Price },
            ChangeId = change.Id,
            AppliedAt = now,
        };
        try
        {
            _ = state.Applied is null
                ? await _applied.CreateAsync(proposal.Sku, proposal.Sku, applied, cancellationToken: cancellationToken)
                : await _applied.ReplaceAsync(proposal.Sku, proposal.Sku, applied, state.Applied.ETag, cancellationToken: cancellationToken);
        }
        catch (DocumentStoreException ex) when (ex is DocumentConcurrencyException or DocumentConflictException or DocumentNotFoundException)
        {
            await _changes.DeleteAsync(change.Id, change.Sku, cancellationToken: cancellationToken);
            await _proposals.ReplaceAsync(proposal.Id, proposal.Sku, proposal, claimed.ETag, cancellationToken: cancellationToken);
            return PriceChanged(proposal);
        }

        await notifier.NotifyAsync(proposal.Sku, cancellationToken);
        return PricingResult<PriceProposal>.Ok(decided);
    }

    /// <summary>The guardrails' view of a SKU in a currency, and its category's mode; null for a SKU not sold in that currency.</summary>
    internal async Task<(PriceSituation Situation, ApprovalMode Mode)?> SituationAsync(string sku, string currency, CancellationToken cancellationToken)
        => await StateAsync(sku, currency, cancellationToken) is { } state ? (state.Situation, state.Mode) : null;

    /// <summary>A SKU's price situation with the <see cref="AppliedPrice"/> document (and its version) it was read from.</summary>
    sealed record SkuPriceState(PriceSituation Situation, ApprovalMode Mode, Document<AppliedPrice>? Applied);

    async Task<SkuPriceState?> StateAsync(string sku, string currency, CancellationToken cancellationToken)
    {
        if (await SnapshotAsync(sku, cancellationToken) is not { } snapshot)
        {
            return null;
        }

        var applied = await _applied.ReadAsync(sku, sku, cancellationToken);
        if (Current(snapshot, applied?.Value, currency) is not { } current)
        {
            return null;
        }

        var pricing = (await _skus.ReadAsync(sku, sku, cancellationToken))?.Value;
        var category = snapshot.CategoryId is { Length: > 0 } categoryId ? (await _categories.ReadAsync(categoryId, PricingContainers.CategoriesPartition, cancellationToken))?.Value : null;
        var inventory = (await _inventory.ReadAsync(sku, sku, cancellationToken))?.Value;
        var today = Today;
        var newestFirst = new List<PriceChange>();
        await foreach (var change in _changes.AllAsync(sku, new DocumentQuery { Filters = new Dictionary<string, object?> { ["currency"] = currency }, OrderBy = "at", Descending = true }, pageSize: 100, cancellationToken))
        {
            newestFirst.Add(change);
            if (change.At < today)
            {
                break; // the day start needs today's changes and nothing before
            }
        }

        return new SkuPriceState(Situation(current, currency, DayStart(newestFirst, today), pricing, category, inventory), category?.Mode ?? ApprovalMode.Approval, applied);
    }

    /// <summary>
    /// The run's view of <paramref name="read"/> (one SKU's documents, read once, its category's
    /// <paramref name="category"/>) in <paramref name="currency"/>, as <see cref="SituationAsync"/> would read it; null
    /// for a currency the SKU is not sold in.
    /// </summary>
    internal (PriceSituation Situation, ApprovalMode Mode)? Situation(SkuPriceDocuments read, CategoryPricing? category, string currency)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Current(read.Snapshot, read.Applied, currency) is { } current
            ? (Situation(current, currency, DayStart(read.NewestFirstChanges.Where(c => string.Equals(c.Currency, currency, StringComparison.Ordinal)), Today), read.Pricing, category, read.Inventory), category?.Mode ?? ApprovalMode.Approval)
            : null;
    }

    /// <summary>The price in effect in <paramref name="currency"/>: the applied one, else the catalog's; null when the SKU is not sold in it.</summary>
    internal static long? Current(SkuSnapshot snapshot, AppliedPrice? applied, string currency)
        => applied?.Prices.TryGetValue(currency, out var a) == true ? a : snapshot.Prices.TryGetValue(currency, out var p) ? p : null;

    static PriceSituation Situation(long current, string currency, long? dayStart, SkuPricing? pricing, CategoryPricing? category, SkuInventory? inventory) => new(
        Money.Of(current, currency),
        Money.Of(dayStart ?? current, currency),
        pricing?.Costs.TryGetValue(currency, out var cost) == true ? Money.Of(cost, currency) : null,
        pricing?.Guardrail ?? category?.Guardrail,
        inventory?.Reserved > 0);

    /// <summary>Midnight (UTC) today.</summary>
    DateTimeOffset Today => new(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>The price before the first change applied since <paramref name="today"/> (one currency's changes, newest first), or null when none was.</summary>
    static long? DayStart(IEnumerable<PriceChange> newestFirst, DateTimeOffset today)
    {
        long? earliest = null;
        var earliestAt = DateTimeOffset.MaxValue;
        foreach (var change in newestFirst)
        {
            if (change.At < today)
            {
                return earliest;
            }

            if (change.At < earliestAt)
            {
                (earliest, earliestAt) = (change.OldPrice, change.At);
            }
        }

        return earliest;
    }

    async Task<SkuSnapshot?> SnapshotAsync(string sku, CancellationToken cancellationToken)
        => PricingInputs.IsSku(sku) ? (await _catalog.ReadAsync(sku, sku, cancellationToken))?.Value : null;
}

/// <summary>
/// The documents a SKU's price situation is made of, read once by the pricing run and passed on: the catalog's
/// snapshot, its applied price, pricing's costs and guardrail, its stock, and its changes in every currency, newest first.
/// </summary>
internal sealed record SkuPriceDocuments(SkuSnapshot Snapshot, AppliedPrice? Applied, SkuPricing? Pricing, SkuInventory? Inventory, IReadOnlyList<PriceChange> NewestFirstChanges);
