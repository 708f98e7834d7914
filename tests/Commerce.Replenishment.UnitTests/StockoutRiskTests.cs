namespace Commerce.Replenishment.UnitTests;

public sealed class StockoutRiskTests
{
    [Fact]
    public void Days_of_cover_are_the_whole_days_the_stock_on_hand_serves_the_forecast()
    {
        float[] week = [4, 4, 4, 4, 4, 10, 10];

        Assert.Equal(0, StockoutRisks.DaysOfCover(3, week));
        Assert.Equal(2, StockoutRisks.DaysOfCover(10, week));
        Assert.Equal(8, StockoutRisks.DaysOfCover(45, week)); // the week takes 40, then Monday again
        Assert.Equal(StockoutRisks.MaxCoverDays, StockoutRisks.DaysOfCover(5, [0f, 0f]));
    }

    [Fact]
    public void Only_locations_running_out_before_an_order_could_arrive_are_listed_most_short_first()
    {
        float[] daily = [5, 5, 5, 5, 5, 5, 5];

        var risks = StockoutRisks.Rank(
            [
                new CoverInput("A", "north", 100, daily, 5), // 20 days of cover
                new CoverInput("B", "north", 12, daily, 5), // 2 days: 3 short
                new CoverInput("C", "south", 0, daily, 3), // 0 days: 3 short
                new CoverInput("D", "south", 0, daily, 9), // 9 short
            ],
            top: 10);

        Assert.Equal(["D/south/9", "B/north/3", "C/south/3"], risks.Select(r => $"{r.Sku}/{r.Warehouse}/{r.DaysShort}"));
    }
}
