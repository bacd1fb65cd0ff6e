using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace ScalekitReadiness.Commands;

/// <summary>
/// Base of every cmdlet: a cancellation token cancelled by Ctrl+C or a runbook stop, and a pump that runs
/// async Core work on a worker thread while writing its output on the pipeline thread (PowerShell requires it).
/// </summary>
public abstract class SkCmdletBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private bool _disposed;

    /// <summary>Gets the token cancelled when the pipeline stops.</summary>
    protected CancellationToken CancelToken => _cancellation.Token;

    /// <summary>Gets the same token for the shared runner.</summary>
    internal CancellationToken CancelTokenForRunner => _cancellation.Token;

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>Releases the cancellation source.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _cancellation.Dispose();
        }

        _disposed = true;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool; every action it posts (WriteObject, WriteVerbose,
    /// WriteProgress...) runs here, on the pipeline thread, in order. Exceptions of the work are rethrown here.
    /// </summary>
    /// <param name="work">The work; it receives a poster for pipeline-thread actions.</param>
    internal void RunPumped(Func<Action<Action>, Task> work)
    {
        using var queue = new BlockingCollection<Action>();
        void Post(Action action)
        {
            if (!queue.IsAddingCompleted)
            {
                queue.Add(action);
            }
        }

        Task task = Task.Run(async () =>
        {
            try
            {
                await work(Post).ConfigureAwait(false);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });

        foreach (Action action in queue.GetConsumingEnumerable())
        {
            action();
        }

        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Resolves a user-supplied path against the current PowerShell location.</summary>
    /// <param name="path">The path as typed.</param>
    /// <returns>The full file-system path.</returns>
    protected string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
