namespace Commerce.Replenishment.Domain;

/// <summary>Weighted absolute percentage error: the sum of absolute errors over the sum of actuals.</summary>
public sealed class Wape
{
    private double _absoluteError;
    private double _actual;

    public void Add(double actual, double forecast)
    {
        _absoluteError += Math.Abs(actual - forecast);
        _actual += actual;
    }

    public void Add(Wape other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _absoluteError += other._absoluteError;
        _actual += other._actual;
    }

    /// <summary>The error as a fraction (0.25 = 25 %); 0 when nothing was sold and nothing forecast.</summary>
    public double Value => _actual > 0 ? _absoluteError / _actual : _absoluteError > 0 ? double.PositiveInfinity : 0;
}
