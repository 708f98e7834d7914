using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Commerce.Testing;

/// <summary>A program (an emulator under Node.js, the dev host) started for a test or tool run; its output is kept for diagnostics and its process tree is killed on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process) => _process = process;

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The CPU time the process has used so far (zero once it has exited); for benchmarks that attribute CPU to emulators.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    /// <summary>What the process wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>node script args...</c> in <paramref name="workingDirectory"/>.</summary>
    public static ChildProcess StartNode(string script, IEnumerable<string> arguments, string workingDirectory)
        => Start("node", [script, .. arguments], workingDirectory);

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> and extra environment variables.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var node = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start `{fileName}`: make sure it is installed and on PATH (Node.js 20+ for the emulators).", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>A TCP port on 127.0.0.1 that is free right now (bind port 0, read it, release it).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Starts a program on a loopback port picked here (<see cref="FreeLoopbackPort"/>) and waits until it answers. The port
    /// is free when picked but released before the program binds it, so another process may take it in between: a program
    /// that then exits saying the address is in use is started again on another port (three tries in all).
    /// </summary>
    public static async Task<(ChildProcess Process, int Port)> StartOnFreeLoopbackPortAsync(
        string what, Func<int, ChildProcess> start, Func<int, CancellationToken, Task<bool>> answers, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(answers);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var process = start(port);
            try
            {
                await process.WaitUntilAnsweringAsync(what, ct => answers(port, ct), timeout);
                return (process, port);
            }
            catch (InvalidOperationException) when (attempt < 3 && !process.IsRunning && LostItsPort(process.Output))
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Node.js (<c>EADDRINUSE</c>) and .NET (<c>address already in use</c>) name a port another process holds so.</summary>
    private static bool LostItsPort(string output)
        => output.Contains("EADDRINUSE", StringComparison.Ordinal) || output.Contains("address already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Polls <paramref name="answers"/> until it returns true, failing early (with the process output) if the process exits,
    /// and with a timeout after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitUntilAnsweringAsync(string what, Func<CancellationToken, Task<bool>> answers, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (!IsRunning)
            {
                throw new InvalidOperationException($"{what} exited with code {_process.ExitCode} before answering. Output:\n{Output}");
            }

            using (var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            {
                try
                {
                    if (await answers(attempt.Token))
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or SocketException)
                {
                    // Not listening yet.
                }
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"{what} did not answer within {timeout}. Output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Did not exit in time after SIGKILL; nothing more to do.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }
}
