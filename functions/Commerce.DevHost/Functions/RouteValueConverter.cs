using System.Globalization;

namespace Commerce.DevHost.Functions;

/// <summary>Converts a route value to the simple parameter types functions take (route constraints have already matched).</summary>
public static class RouteValueConverter
{
    public static bool CanConvert(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) || underlying == typeof(Guid) || underlying == typeof(int) || underlying == typeof(long);
    }

    public static object? Convert(object? value, Type type)
    {
        var text = value?.ToString();
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (text is null || underlying == typeof(string))
        {
            return text;
        }

        if (underlying == typeof(Guid))
        {
            return Guid.TryParse(text, out var guid) ? guid : null;
        }

        if (underlying == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var big) ? big : null;
    }
}
