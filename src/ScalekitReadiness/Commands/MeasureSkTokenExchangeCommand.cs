using System.Globalization;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Metrics;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Measures client_credentials round trips against the environment's token endpoint: successes, failures by error, latency percentiles.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "SkTokenExchange", DefaultParameterSetName = SecretSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(TokenExchangeMeasurement))]
public sealed class MeasureSkTokenExchangeCommand : EnvironmentClientCmdletBase
{
    private const int ActivityId = 7330;

    /// <summary>Gets or sets how many round trips to make (default 20; at most 10000).</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, TokenExchangeMeter.MaxCount)]
    public int Count { get; set; } = 20;

    /// <summary>Gets or sets how many run at once (default 1).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int Concurrency { get; set; } = 1;

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (Concurrency > Count)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-Concurrency ({Concurrency}) is larger than -Count ({Count}): give at most as many concurrent requests as round trips."),
                ErrorIds.TokenExchangeInvalidArgument,
                ErrorCategory.InvalidArgument,
                Concurrency));
        }

        var (configuration, environment) = ResolveEnvironment();
        string endpoint = ClientCredentialsGrant.TokenEndpoint(environment).AbsoluteUri;
        if (!ShouldProcess(endpoint, $"Mint {Count.ToString(CultureInfo.InvariantCulture)} client_credentials access tokens"))
        {
            return;
        }

        // The meter paces request starts itself, outside the timed section; the probe client must not add waits inside it.
        double rate = configuration.Network.MaxRequestsPerSecond;
        configuration.Network.MaxRequestsPerSecond = 0;
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        probe.Redactor.AddSecret(configuration.ClientSecret);
        TokenExchangeMeasurement? measurement = null;
        RunPumped(async post =>
        {
            probe.ExchangeRecorded += exchange => post(() => WriteVerbose(exchange.Summary));
            measurement = await TokenExchangeMeter.RunAsync(
                probe,
                environment,
                configuration.ClientId!,
                configuration.ClientSecret!,
                Count,
                Concurrency,
                rate,
                done => post(() => WriteProgress(new ProgressRecord(ActivityId, "Measuring the token exchange", $"{done} of {Count}") { PercentComplete = done * 100 / Count })),
                CancelToken).ConfigureAwait(false);
        });
        WriteProgress(new ProgressRecord(ActivityId, "Measuring the token exchange", "Done") { RecordType = ProgressRecordType.Completed });
        WriteObject(measurement);
    }
}
