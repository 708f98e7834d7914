using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Commerce.Orders.Domain;

/// <summary>
/// The key that seals payment tokens at rest (section <see cref="Section"/>); no default: every app sets its own. A rotation
/// keeps the key it replaces in <see cref="PreviousPaymentTokenKeys"/> until every checkout sealed with it has ended, so
/// checkouts in flight across the rotation still open their tokens.
/// </summary>
public sealed class PaymentTokenOptions
{
    public const string Section = "Orders";

    /// <summary>The setting's full name, for messages.</summary>
    public const string Setting = "Orders:PaymentTokenKey";

    /// <summary>The full name of the setting that lists the keys a rotation replaced.</summary>
    public const string PreviousSetting = "Orders:PreviousPaymentTokenKeys";

    /// <summary>Base64 of 32 random bytes (an AES-256 key); in Azure a Key Vault reference.</summary>
    public string? PaymentTokenKey { get; set; }

    /// <summary>Optional: keys replaced by a rotation, base64 of 32 bytes each, separated by commas. They open tokens, never seal.</summary>
    public string? PreviousPaymentTokenKeys { get; set; }

    public static string InvalidMessage => $"{Setting} must be set to the base64 of 32 random bytes (the AES-256 key that seals payment tokens at rest; e.g. `openssl rand -base64 32`).";

    public static string InvalidPreviousMessage => $"{PreviousSetting} must be empty or list the keys a rotation replaced, each the base64 of 32 bytes, separated by commas.";
}

/// <summary>
/// Seals the checkout's payment token wherever the checkout is stored before payment (the admission lane, the in-flight
/// register, the saga's input and history): AES-256-GCM with a random 96-bit nonce per seal and the order id as
/// associated data, so a sealed token opens only for its own order. Format: <c>v1.</c> + base64url(nonce ‖ ciphertext ‖ tag).
/// Tokens are sealed with the current key and opened with it or, after a rotation, with a previous key (GCM's tag tells
/// which key sealed a token, so trying the keys in turn never opens one with the wrong key).
/// </summary>
public sealed class PaymentTokenSeal
{
    const string Version = "v1.";
    const int KeySize = 32;
    const int NonceSize = 12;
    const int TagSize = 16;

    readonly byte[] key;
    readonly IReadOnlyList<byte[]> previousKeys;

    public PaymentTokenSeal(ReadOnlySpan<byte> key, IEnumerable<byte[]>? previousKeys = null)
    {
        this.key = Checked(key.ToArray(), nameof(key));
        this.previousKeys = [.. (previousKeys ?? []).Select(k => Checked(k, nameof(previousKeys)))];
    }

    static byte[] Checked(byte[] key, string name)
        => key.Length == KeySize ? key : throw new ArgumentException($"The key is {key.Length} bytes; AES-256 takes {KeySize}.", name);

    /// <summary>The key in <paramref name="base64"/> when it is the base64 of exactly 32 bytes.</summary>
    public static bool TryParseKey(string? base64, out byte[] key)
    {
        key = [];
        var buffer = new byte[KeySize + 3];
        if (string.IsNullOrWhiteSpace(base64) || !Convert.TryFromBase64String(base64.Trim(), buffer, out var length) || length != KeySize)
        {
            return false;
        }

        key = buffer[..KeySize];
        return true;
    }

    /// <summary>The keys listed in <paramref name="list"/> (comma separated) when each is the base64 of 32 bytes; none for an empty list.</summary>
    public static bool TryParseKeys(string? list, out IReadOnlyList<byte[]> keys)
    {
        keys = [];
        if (string.IsNullOrWhiteSpace(list))
        {
            return true;
        }

        var parsed = new List<byte[]>();
        foreach (var entry in list.Split(','))
        {
            if (!TryParseKey(entry, out var key))
            {
                return false;
            }

            parsed.Add(key);
        }

        keys = parsed;
        return true;
    }

    /// <summary>True when the options name a valid key and only valid previous keys.</summary>
    public static bool IsValid(PaymentTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryParseKey(options.PaymentTokenKey, out _) && TryParseKeys(options.PreviousPaymentTokenKeys, out _);
    }

    /// <summary>The seal for the configured keys; throws naming the setting when one is missing or malformed.</summary>
    public static PaymentTokenSeal For(PaymentTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!TryParseKey(options.PaymentTokenKey, out var key))
        {
            throw new InvalidOperationException(PaymentTokenOptions.InvalidMessage);
        }

        return TryParseKeys(options.PreviousPaymentTokenKeys, out var previous)
            ? new PaymentTokenSeal(key, previous)
            : throw new InvalidOperationException(PaymentTokenOptions.InvalidPreviousMessage);
    }

    public static bool IsSealed(string? value) => value?.StartsWith(Version, StringComparison.Ordinal) == true;

    public string Seal(string orderId, string paymentToken)
    {
        ArgumentNullException.ThrowIfNull(paymentToken);
        var plain = Encoding.UTF8.GetBytes(paymentToken);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(orderId));
        return Version + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The token <see cref="Seal"/> sealed for <paramref name="orderId"/> with the current or a previous key; <see cref="CryptographicException"/> when it was not (an unknown key, another order, altered).</summary>
    public string Unseal(string orderId, string sealedToken)
    {
        ArgumentNullException.ThrowIfNull(sealedToken);
        byte[] sealedBytes;
        try
        {
            sealedBytes = IsSealed(sealedToken) ? Base64Url.DecodeFromChars(sealedToken.AsSpan(Version.Length)) : [];
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The payment token is not sealed.", ex);
        }

        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The payment token is not sealed.");
        }

        var plainLength = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[plainLength];
        var associated = Encoding.UTF8.GetBytes(orderId);
        foreach (var candidate in previousKeys.Prepend(key))
        {
            if (TryOpen(candidate, sealedBytes, plain, associated))
            {
                return Encoding.UTF8.GetString(plain);
            }
        }

        throw new AuthenticationTagMismatchException("The payment token was not sealed for this order with a key this app holds.");
    }

    static bool TryOpen(byte[] key, byte[] sealedBytes, byte[] plain, byte[] associated)
    {
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), plain, associated);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }
}
