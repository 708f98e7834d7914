using System.Net;
using System.Net.Sockets;

namespace Commerce.DevHost.Durable;

/// <summary>
/// The loopback address the in-process sidecar listens on and the worker and client dial.
/// Fixed once per service provider so that all three agree.
/// </summary>
internal sealed class DevHostDurableEndpoint
{
    public DevHostDurableEndpoint(IOptions<DevHostDurableOptions> options)
    {
        Port = options.Value.Port ?? FindFreeLoopbackPort();
        Address = new Uri($"http://{IPAddress.Loopback}:{Port}");
    }

    public int Port { get; }

    public Uri Address { get; }

    /// <summary>Asks the operating system for a free port by binding port 0, then releases it.</summary>
    private static int FindFreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
