using Commerce.DevHost;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommerceDevHost();

var app = builder.Build();
app.MapCommerceDevHost();
app.Run();

/// <summary>Entry point, public so tests can host the dev host in process.</summary>
public partial class Program;
