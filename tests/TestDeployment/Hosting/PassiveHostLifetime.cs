using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// Replaces the console lifetime: a deployment hosted inside a test run must neither print lifetime messages
/// nor capture Ctrl+C / SIGTERM. The standalone program handles signals itself.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
