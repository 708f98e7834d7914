using System.Reflection;
using Commerce.DevHost.Functions;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The trigger parameter is recognised however its <see cref="ParameterInfo"/> was obtained. Two threads reading a
/// method's parameters for the first time at once can each get their own objects; comparing them by reference once
/// left an activity unbindable for a whole process ("cannot bind parameter 'input'"), failing every checkout.
/// </summary>
public sealed class FunctionDescriptorTests
{
    public class Activities
    {
        public string Run(string input, CancellationToken cancellationToken) => input;
    }

    public sealed class DerivedActivities : Activities;

    [Fact]
    public void A_trigger_read_from_another_reflection_of_the_same_method_is_still_the_trigger()
    {
        var method = typeof(Activities).GetMethod(nameof(Activities.Run))!;
        var sameMethodElsewhere = typeof(DerivedActivities).GetMethod(nameof(Activities.Run))!;
        var trigger = sameMethodElsewhere.GetParameters()[0];
        Assert.NotSame(method.GetParameters()[0], trigger);

        var function = new FunctionDescriptor("orders", "Run", TriggerKind.Activity, method, trigger);

        Assert.Equal([true, false], function.Parameters.Select(function.IsTrigger));
    }
}
