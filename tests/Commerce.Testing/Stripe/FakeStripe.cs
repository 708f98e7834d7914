using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Commerce.Testing.Stripe;

/// <summary>
/// A local fake of Stripe's HTTP API (PaymentIntents with manual capture, refunds, search), served by Kestrel on a
/// loopback port so the real Stripe.net client talks to it over HTTP. It answers with the shapes of Stripe's real
/// responses (<c>"object":"payment_intent"</c>, <c>status</c>, <c>client_secret</c>, <c>latest_charge</c>, and
/// <c>{"error":{"type":"card_error","code":"card_declined",...}}</c> with 402), honours <c>Idempotency-Key</c> (the same
/// key replays the first answer, a key still in flight is 409, a key reused with other parameters is 400), and behaves
/// by payment method: <see cref="Approve"/>, <see cref="Decline"/>, <see cref="RequiresAction"/>, <see cref="SlowAuthorize"/>
/// (the intent is authorized but the answer comes only after <see cref="SlowAnswer"/>) and <see cref="SlowCapture"/>
/// (authorizes at once; its capture lands but answers late). Unlike Stripe, search sees an intent at once.
/// </summary>
public sealed partial class FakeStripe : IAsyncDisposable
{
    public const string ApiKey = "sk_test_fake_local";
    public const string Approve = "pm_card_visa";
    public const string Decline = "pm_card_chargeDeclined";
    public const string RequiresAction = "pm_card_threeDSecure2Required";
    public const string SlowAuthorize = "pm_card_fake_slow_answer";
    public const string SlowCapture = "pm_card_fake_slow_capture_answer";

    readonly WebApplication app;
    readonly Lock gate = new();
    readonly Dictionary<string, JsonObject> intents = new(StringComparer.Ordinal);
    readonly Dictionary<string, JsonObject> charges = new(StringComparer.Ordinal);
    readonly List<JsonObject> refunds = [];
    readonly Dictionary<string, Recorded> answers = new(StringComparer.Ordinal);
    int replays;

    sealed record Recorded(string Fingerprint, int Status, string? Body);

    FakeStripe(WebApplication app) => this.app = app;

    public Uri ApiBase { get; private set; } = null!;

    /// <summary>How long the slow payment methods keep their answer back (longer than the client's timeout in tests).</summary>
    public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many requests were answered from the idempotency record (a retry with the same key).</summary>
    public int Replays => Volatile.Read(ref replays);

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeStripe(app);
        fake.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.ApiBase = new Uri(address);
        return fake;
    }

    /// <summary>A copy of a PaymentIntent as the fake holds it (latest charge expanded); null when there is none.</summary>
    public JsonObject? Intent(string id)
    {
        lock (gate)
        {
            return intents.TryGetValue(id, out var intent) ? Expanded(intent, expand: true) : null;
        }
    }

    /// <summary>Every PaymentIntent created for an order (by its <c>order_id</c> metadata).</summary>
    public IReadOnlyList<JsonObject> IntentsOf(string orderId)
    {
        lock (gate)
        {
            return [.. intents.Values.Where(i => i["metadata"]?["order_id"]?.GetValue<string>() == orderId).Select(i => Expanded(i, expand: true))];
        }
    }

    /// <summary>The customer finished the action Stripe asked for (3-D Secure): authorized, or back to requires_payment_method.</summary>
    public void CompleteAction(string intentId, bool approved)
    {
        lock (gate)
        {
            var intent = intents[intentId];
            if ((string?)intent["status"] != "requires_action")
            {
                return;
            }

            intent["next_action"] = null;
            if (approved)
            {
                Authorize(intent);
            }
            else
            {
                intent["status"] = "requires_payment_method";
                intent["last_payment_error"] = Error("card_error", "payment_intent_authentication_failure", "The customer failed authentication.")["error"]!.DeepClone();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    void Map(WebApplication web)
    {
        web.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
            {
                await WriteAsync(context, StatusCodes.Status401Unauthorized, Error("invalid_request_error", null, "Invalid API Key provided."));
                return;
            }

            try
            {
                await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
            {
                // A fault of the fake itself: say what it was (Stripe answers a 500 with an api_error too).
                await WriteAsync(context, StatusCodes.Status500InternalServerError, Error("api_error", null, e.ToString()));
            }
        });
        web.MapPost("/v1/payment_intents", context => IdempotentAsync(context, CreateIntent));
        web.MapGet("/v1/payment_intents/search", Search);
        web.MapGet("/v1/payment_intents/{id}", context => WriteAsync(context, Read(context, (string)context.Request.RouteValues["id"]!)));
        web.MapPost("/v1/payment_intents/{id}/capture", context => IdempotentAsync(context, Capture));
        web.MapPost("/v1/payment_intents/{id}/cancel", context => IdempotentAsync(context, Cancel));
        web.MapPost("/v1/refunds", context => IdempotentAsync(context, CreateRefund));
        web.MapGet("/v1/refunds", ListRefunds);
    }

    /// <summary>What a handler decided: the answer, and how long to hold it back after the change has landed.</summary>
    sealed record Answer(int Status, JsonObject Body, TimeSpan Delay = default);

    async Task IdempotentAsync(HttpContext context, Func<HttpContext, IFormCollection, Answer> handle)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var fingerprint = context.Request.Path + "?" + string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        Answer answer;
        lock (gate)
        {
            if (key.Length > 0 && answers.TryGetValue(key, out var recorded))
            {
                if (recorded.Fingerprint != fingerprint)
                {
                    answer = new Answer(400, Error("idempotency_error", null, $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}'."));
                }
                else if (recorded.Body is null)
                {
                    answer = new Answer(409, Error("idempotency_error", "idempotency_key_in_use", "There is currently another in-progress request using this Idempotent Key."));
                }
                else
                {
                    Interlocked.Increment(ref replays);
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                    answer = new Answer(recorded.Status, JsonNode.Parse(recorded.Body)!.AsObject());
                }
            }
            else
            {
                answer = handle(context, form);
                if (key.Length > 0)
                {
                    // The change has landed: a retry with the key gets this answer, even while this one is held back.
                    answers[key] = new Recorded(fingerprint, answer.Status, answer.Body.ToJsonString());
                }
            }
        }

        if (answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay, context.RequestAborted);
        }

        await WriteAsync(context, answer.Status, answer.Body);
    }

    Answer CreateIntent(HttpContext context, IFormCollection form)
    {
        var amount = long.Parse(form["amount"].ToString(), CultureInfo.InvariantCulture);
        var paymentMethod = form["payment_method"].ToString();
        var metadata = Metadata(form);
        var id = NewId("pi");
        var intent = new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_capturable"] = 0L,
            ["amount_received"] = 0L,
            ["capture_method"] = form["capture_method"].ToString() is { Length: > 0 } capture ? capture : "automatic_async",
            ["client_secret"] = $"{id}_secret_{NewId("")[1..]}",
            ["confirmation_method"] = "automatic",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["currency"] = form["currency"].ToString(),
            ["last_payment_error"] = null,
            ["latest_charge"] = null,
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["next_action"] = null,
            ["payment_method"] = paymentMethod,
            ["payment_method_types"] = new JsonArray("card"),
            ["status"] = "requires_payment_method",
        };
        if (paymentMethod is not (Approve or Decline or RequiresAction or SlowAuthorize or SlowCapture))
        {
            return new Answer(400, Error("invalid_request_error", "resource_missing", $"No such PaymentMethod: '{paymentMethod}'", "payment_method"));
        }

        intents[id] = intent;
        switch (paymentMethod)
        {
            case Decline:
                intent["last_payment_error"] = Error("card_error", "card_declined", "Your card was declined.", declineCode: "generic_decline")["error"]!.DeepClone();
                var declined = Error("card_error", "card_declined", "Your card was declined.", declineCode: "generic_decline");
                declined["error"]!["payment_intent"] = Expanded(intent, expand: false);
                return new Answer(402, declined);
            case RequiresAction:
                intent["status"] = "requires_action";
                intent["next_action"] = new JsonObject { ["type"] = "use_stripe_sdk", ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect" } };
                break;
            default:
                Authorize(intent);
                break;
        }

        return new Answer(200, Expanded(intent, Expands(form)), paymentMethod == SlowAuthorize ? SlowAnswer : TimeSpan.Zero);
    }

    void Authorize(JsonObject intent)
    {
        var charge = new JsonObject
        {
            ["id"] = NewId("ch"),
            ["object"] = "charge",
            ["amount"] = intent["amount"]!.GetValue<long>(),
            ["amount_captured"] = 0L,
            ["amount_refunded"] = 0L,
            ["captured"] = false,
            ["currency"] = intent["currency"]!.GetValue<string>(),
            ["paid"] = true,
            ["payment_intent"] = intent["id"]!.GetValue<string>(),
            ["refunded"] = false,
            ["status"] = "succeeded",
        };
        charges[charge["id"]!.GetValue<string>()] = charge;
        intent["status"] = "requires_capture";
        intent["amount_capturable"] = intent["amount"]!.GetValue<long>();
        intent["latest_charge"] = charge["id"]!.GetValue<string>();
    }

    Answer Capture(HttpContext context, IFormCollection form)
    {
        if (!intents.TryGetValue((string)context.Request.RouteValues["id"]!, out var intent))
        {
            return Missing((string)context.Request.RouteValues["id"]!);
        }

        if ((string?)intent["status"] != "requires_capture")
        {
            return UnexpectedState(intent, "capture");
        }

        var amount = intent["amount"]!.GetValue<long>();
        intent["status"] = "succeeded";
        intent["amount_capturable"] = 0L;
        intent["amount_received"] = amount;
        var charge = charges[intent["latest_charge"]!.GetValue<string>()];
        charge["captured"] = true;
        charge["amount_captured"] = amount;
        return new Answer(200, Expanded(intent, Expands(form)), (string?)intent["payment_method"] == SlowCapture ? SlowAnswer : TimeSpan.Zero);
    }

    Answer Cancel(HttpContext context, IFormCollection form)
    {
        if (!intents.TryGetValue((string)context.Request.RouteValues["id"]!, out var intent))
        {
            return Missing((string)context.Request.RouteValues["id"]!);
        }

        if ((string?)intent["status"] is "succeeded" or "canceled")
        {
            return UnexpectedState(intent, "cancel");
        }

        intent["status"] = "canceled";
        intent["amount_capturable"] = 0L;
        intent["canceled_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        intent["cancellation_reason"] = form["cancellation_reason"].ToString() is { Length: > 0 } reason ? reason : null;
        return new Answer(200, Expanded(intent, Expands(form)));
    }

    Answer CreateRefund(HttpContext context, IFormCollection form)
    {
        var intentId = form["payment_intent"].ToString();
        if (!intents.TryGetValue(intentId, out var intent))
        {
            return Missing(intentId);
        }

        if ((string?)intent["status"] != "succeeded")
        {
            return new Answer(400, Error("invalid_request_error", "charge_not_captured", "This PaymentIntent has no captured charge to refund."));
        }

        var charge = charges[intent["latest_charge"]!.GetValue<string>()];
        var remaining = charge["amount_captured"]!.GetValue<long>() - charge["amount_refunded"]!.GetValue<long>();
        var amount = form["amount"].ToString() is { Length: > 0 } asked ? long.Parse(asked, CultureInfo.InvariantCulture) : remaining;
        if (remaining == 0)
        {
            return new Answer(400, Error("invalid_request_error", "charge_already_refunded", $"Charge {charge["id"]} has already been refunded."));
        }

        if (amount > remaining)
        {
            return new Answer(400, Error("invalid_request_error", "amount_too_large", $"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})", "amount"));
        }

        charge["amount_refunded"] = charge["amount_refunded"]!.GetValue<long>() + amount;
        charge["refunded"] = charge["amount_refunded"]!.GetValue<long>() == charge["amount_captured"]!.GetValue<long>();
        var metadata = Metadata(form);
        var refund = new JsonObject
        {
            ["id"] = NewId("re"),
            ["object"] = "refund",
            ["amount"] = amount,
            ["charge"] = charge["id"]!.GetValue<string>(),
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["currency"] = charge["currency"]!.GetValue<string>(),
            ["metadata"] = metadata,
            ["payment_intent"] = intentId,
            ["status"] = "succeeded",
        };
        refunds.Add(refund);
        return new Answer(200, refund.DeepClone().AsObject());
    }

    JsonObject Read(HttpContext context, string id)
    {
        lock (gate)
        {
            if (!intents.TryGetValue(id, out var intent))
            {
                context.Response.StatusCode = 404;
                return Missing(id).Body;
            }

            return Expanded(intent, Expands(context.Request.Query));
        }
    }

    Task Search(HttpContext context)
    {
        var match = OrderQuery().Match(context.Request.Query["query"].ToString());
        if (!match.Success)
        {
            return WriteAsync(context, 400, Error("invalid_request_error", "parameter_invalid_string", "The fake understands only metadata['order_id']:'<value>' queries.", "query"));
        }

        var orderId = match.Groups["value"].Value.Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        var expand = context.Request.Query.Where(q => q.Key.StartsWith("expand[", StringComparison.Ordinal)).Any(q => q.Value.ToString() == "data.latest_charge");
        JsonArray data;
        lock (gate)
        {
            data = [.. intents.Values.Where(i => i["metadata"]?["order_id"]?.GetValue<string>() == orderId).Select(i => (JsonNode)Expanded(i, expand))];
        }

        return WriteAsync(context, 200, new JsonObject { ["object"] = "search_result", ["data"] = data, ["has_more"] = false, ["next_page"] = null, ["url"] = "/v1/payment_intents/search" });
    }

    Task ListRefunds(HttpContext context)
    {
        var intentId = context.Request.Query["payment_intent"].ToString();
        JsonArray data;
        lock (gate)
        {
            data = [.. refunds.Where(r => intentId.Length == 0 || (string?)r["payment_intent"] == intentId).Select(r => r.DeepClone())];
        }

        return WriteAsync(context, 200, new JsonObject { ["object"] = "list", ["data"] = data, ["has_more"] = false, ["url"] = "/v1/refunds" });
    }

    JsonObject Expanded(JsonObject intent, bool expand)
    {
        var copy = intent.DeepClone().AsObject();
        if (expand && (string?)intent["latest_charge"] is { } chargeId)
        {
            copy["latest_charge"] = charges[chargeId].DeepClone();
        }

        return copy;
    }

    static bool Expands(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters)
        => parameters.Any(p => p.Key.StartsWith("expand[", StringComparison.Ordinal) && p.Value.ToString() == "latest_charge");

    /// <summary>Form fields <c>metadata[key]=value</c> as Stripe's metadata object.</summary>
    static JsonObject Metadata(IFormCollection form)
    {
        var metadata = new JsonObject();
        foreach (var (name, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[name["metadata[".Length..^1]] = value.ToString();
        }

        return metadata;
    }

    static Answer Missing(string id) => new(404, Error("invalid_request_error", "resource_missing", $"No such payment_intent: '{id}'", "intent"));

    static Answer UnexpectedState(JsonObject intent, string action)
    {
        var error = Error("invalid_request_error", "payment_intent_unexpected_state", $"This PaymentIntent could not be {action}d because it has a status of {intent["status"]}.");
        error["error"]!["payment_intent"] = intent.DeepClone();
        return new Answer(400, error);
    }

    static JsonObject Error(string type, string? code, string message, string? param = null, string? declineCode = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
            error["doc_url"] = "https://stripe.com/docs/error-codes/" + code.Replace('_', '-');
        }

        if (declineCode is not null)
        {
            error["decline_code"] = declineCode;
        }

        if (param is not null)
        {
            error["param"] = param;
        }

        return new JsonObject { ["error"] = error };
    }

    static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = NewId("req");
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    static Task WriteAsync(HttpContext context, JsonObject body) => WriteAsync(context, context.Response.StatusCode, body);

    static string NewId(string prefix) => prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    [GeneratedRegex(@"^metadata\['order_id'\]:'(?<value>(?:[^'\\]|\\.)*)'$")]
    private static partial Regex OrderQuery();
}
