using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Commerce.Orders.Domain;

/// <summary>The key that seals payment tokens at rest (section <see cref="Section"/>); no default: every app sets its own.</summary>
public sealed class PaymentTokenOptions
{
    public const string Section = "Orders";

    /// <summary>The setting's full name, for messages.</summary>
    public const string Setting = "Orders:PaymentTokenKey";

    /// <summary>Base64 of 32 random bytes (an AES-256 key); in Azure a Key Vault reference.</summary>
    public string? PaymentTokenKey { get; set; }

    public static string InvalidMessage => $"{Setting} must be set to the base64 of 32 random bytes (the AES-256 key that seals payment tokens at rest; e.g. `openssl rand -base64 32`).";
}

/// <summary>
/// Seals the checkout's payment token wherever the checkout is stored before payment (the admission lane, the in-flight
/// register, the saga's input and history): AES-256-GCM with a random 96-bit nonce per seal and the order id as
/// associated data, so a sealed token opens only for its own order. Format: <c>v1.</c> + base64url(nonce ‖ ciphertext ‖ tag).
/// </summary>
public sealed class PaymentTokenSeal
{
    const string Version = "v1.";
    const int KeySize = 32;
    const int NonceSize = 12;
    const int TagSize = 16;

    readonly byte[] key;

    public PaymentTokenSeal(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The key is {key.Length} bytes; AES-256 takes {KeySize}.", nameof(key));
        }

        this.key = key.ToArray();
    }

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

    /// <summary>The seal for the configured key; throws naming the setting when it is missing or malformed.</summary>
    public static PaymentTokenSeal For(PaymentTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryParseKey(options.PaymentTokenKey, out var key) ? new PaymentTokenSeal(key) : throw new InvalidOperationException(PaymentTokenOptions.InvalidMessage);
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

    /// <summary>The token <see cref="Seal"/> sealed for <paramref name="orderId"/>; <see cref="CryptographicException"/> when it was not (another key, another order, altered).</summary>
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
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plainLength), sealedBytes.AsSpan(NonceSize + plainLength), plain, Encoding.UTF8.GetBytes(orderId));
        return Encoding.UTF8.GetString(plain);
    }
}
