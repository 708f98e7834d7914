using Commerce.DevHost;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommerceDevHost();

var app = builder.Build();
app.MapCommerceDevHost();
app.Run();
