using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Commerce.DevHost.Durable;

/// <summary>
/// The loopback address the in-process sidecar listens on and the worker and client dial.
/// Fixed once per service provider so that all three agree. A port taken from the operating system stays held by a
/// listening socket from the moment it is picked, and that socket is the one the sidecar serves on: nothing else on the
/// machine can take the port between the worker and client fixing their address and the sidecar starting.
/// </summary>
internal sealed class DevHostDurableEndpoint : IDisposable
{
    private Socket? reserved;

    public DevHostDurableEndpoint(IOptions<DevHostDurableOptions> options)
    {
        if (options.Value.Port is { } configured)
        {
            Port = configured;
        }
        else
        {
            reserved = ReserveLoopbackPort();
            Port = ((IPEndPoint)reserved.LocalEndPoint!).Port;
        }

        Address = new Uri($"http://{IPAddress.Loopback}:{Port}");
    }

    public int Port { get; }

    public Uri Address { get; }

    /// <summary>
    /// The sidecar's listen socket for <paramref name="endPoint"/> (Kestrel's <see cref="SocketTransportOptions.CreateBoundListenSocket"/>):
    /// the held socket, handed over once, for this endpoint's port; otherwise a newly bound one.
    /// </summary>
    public Socket BindListenSocket(EndPoint endPoint)
    {
        if (endPoint is IPEndPoint { Port: var port } && port == Port && Interlocked.Exchange(ref reserved, null) is { } held)
        {
            return held;
        }

        return SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
    }

    /// <summary>Releases the port when the sidecar never took it over.</summary>
    public void Dispose() => Interlocked.Exchange(ref reserved, null)?.Dispose();

    /// <summary>
    /// Binds port 0 on loopback and listens: listening, not only bound, so that no other socket can bind the port even
    /// with address reuse. Connections that arrive before the sidecar serves wait in the backlog.
    /// </summary>
    private static Socket ReserveLoopbackPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
