namespace Commerce.DevHost;

/// <summary>Settings of the dev host itself (section <c>DevHost</c>).</summary>
public sealed class DevHostOptions
{
    public const string Section = "DevHost";

    /// <summary>The one folder all embedded data lives in (documents, blobs, queues); delete it to start clean.</summary>
    public string DataPath { get; set; } = ".devhost-data";

    /// <summary>
    /// The key admin routes (function authorization level) accept in <c>x-functions-key</c> or <c>?code=</c>.
    /// A development value, not a secret: in Azure the Functions host's own keys apply.
    /// </summary>
    public string AdminKey { get; set; } = "local-admin-key";

    /// <summary>Run timer-triggered functions on their schedules (off by default; run one on demand with <c>POST /admin/functions/{name}</c>).</summary>
    public bool RunTimers { get; set; }
}
