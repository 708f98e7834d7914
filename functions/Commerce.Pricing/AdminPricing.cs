namespace Commerce.Pricing;

/// <summary>
/// Back-office pricing routes (staff only: the admin app role, see <see cref="Commerce.Cart.Auth.AdminAccess"/>; anyone
/// else gets the 404 problem of a route that does not exist): costs, guardrails, proposals (and the pending ones) and approval, a SKU's price
/// history and its current competitor prices.
/// </summary>
public sealed class AdminPricing(PricingHttp http, PricingService pricing, CompetitorPrices competitors)
{
    [Function(nameof(SetSkuCosts))]
    [OpenApiOperation("SetSkuCosts", "Set a SKU's costs per currency (staff)")]
    [PricingStaff(typeof(CostsInput))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SkuPricing))]
    public Task<IActionResult> SetSkuCosts([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/pricing/skus/{sku}/costs")] HttpRequest request, string sku, CancellationToken cancellationToken)
        => WithBodyAsync(request, (CostsInput? input, string by) => pricing.SetCostsAsync(sku, input, by, cancellationToken), cancellationToken);

    [Function(nameof(SetSkuGuardrail))]
    [OpenApiOperation("SetSkuGuardrail", "Set a SKU's guardrail (staff)")]
    [PricingStaff(typeof(GuardrailInput))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SkuPricing))]
    public Task<IActionResult> SetSkuGuardrail([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/pricing/skus/{sku}/guardrail")] HttpRequest request, string sku, CancellationToken cancellationToken)
        => WithBodyAsync(request, (GuardrailInput? input, string by) => pricing.SetSkuGuardrailAsync(sku, input, by, cancellationToken), cancellationToken);

    [Function(nameof(SetCategoryPricing))]
    [OpenApiOperation("SetCategoryPricing", "Set a category's guardrail and approval mode (staff)")]
    [PricingStaff(typeof(GuardrailInput))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CategoryPricing))]
    public Task<IActionResult> SetCategoryPricing([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/pricing/categories/{categoryId}")] HttpRequest request, string categoryId, CancellationToken cancellationToken)
        => WithBodyAsync(request, (GuardrailInput? input, string by) => pricing.SetCategoryAsync(categoryId, input, by, cancellationToken), cancellationToken);

    [Function(nameof(ProposePrice))]
    [OpenApiOperation("ProposePrice", "Propose a price: it waits for approval, or applies at once in an automatic category (staff)")]
    [PricingStaff(typeof(ProposalInput))]
    [PriceGuardrails]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(PriceProposal))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(PriceProposal))]
    public Task<IActionResult> ProposePrice([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/pricing/skus/{sku}/proposals")] HttpRequest request, string sku, CancellationToken cancellationToken)
        => WithBodyAsync(request, (ProposalInput? input, string by) => pricing.ProposeAsync(sku, input, by, cancellationToken), cancellationToken);

    [Function(nameof(ApprovePrice))]
    [OpenApiOperation("ApprovePrice", "Approve a pending proposal: the price applies (staff)")]
    [PricingStaff]
    [PriceGuardrails]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(PriceProposal))]
    public async Task<IActionResult> ApprovePrice([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/pricing/skus/{sku}/proposals/{proposalId}/approve")] HttpRequest request, string sku, string proposalId, CancellationToken cancellationToken)
    {
        var (refused, by) = await http.StaffAsync(request, cancellationToken);
        return refused ?? PricingHttp.ToResponse(await pricing.ApproveAsync(sku, proposalId, by, cancellationToken));
    }

    [Function(nameof(ListPendingProposals))]
    [OpenApiOperation("ListPendingProposals", "A SKU's pending price proposals (staff)")]
    [PricingStaff]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<PriceProposal>))]
    public async Task<IActionResult> ListPendingProposals([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/pricing/skus/{sku}/proposals")] HttpRequest request, string sku, CancellationToken cancellationToken)
    {
        var (refused, _) = await http.StaffAsync(request, cancellationToken);
        return refused ?? PricingHttp.ToResponse(await pricing.PendingAsync(sku, cancellationToken));
    }

    [Function(nameof(GetPriceHistory))]
    [OpenApiOperation("GetPriceHistory", "A SKU's price changes: who or what, old, new, reason (staff)")]
    [PricingStaff]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<PriceChange>))]
    public async Task<IActionResult> GetPriceHistory([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/pricing/skus/{sku}/history")] HttpRequest request, string sku, CancellationToken cancellationToken)
    {
        var (refused, _) = await http.StaffAsync(request, cancellationToken);
        return refused ?? PricingHttp.ToResponse(await pricing.HistoryAsync(sku, cancellationToken));
    }

    [Function(nameof(GetCompetitorPrices))]
    [OpenApiOperation("GetCompetitorPrices", "A SKU's latest competitor prices (staff)")]
    [PricingStaff]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<CompetitorPrice>))]
    public async Task<IActionResult> GetCompetitorPrices([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/pricing/skus/{sku}/competitor-prices")] HttpRequest request, string sku, CancellationToken cancellationToken)
    {
        var (refused, _) = await http.StaffAsync(request, cancellationToken);
        return refused ?? new OkObjectResult(await competitors.CurrentAsync(sku, cancellationToken));
    }

    Task<IActionResult> WithBodyAsync<T, TResult>(HttpRequest request, Func<T?, string, Task<PricingResult<TResult>>> act, CancellationToken cancellationToken)
        where T : class
        => http.WithBodyAsync(request, act, PricingHttp.ToResponse, cancellationToken);
}
