using System;
using System.Collections.Generic;
using System.Management.Automation;
using ScalekitReadiness.Reports;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Stops a pipeline, script or CI job when a result at or above a severity is Failed or Error.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Assert, "SkReadiness")]
[OutputType(typeof(CheckResult))]
public sealed class AssertSkReadinessCommand : PSCmdlet
{
    private readonly List<CheckResult> _results = new();

    /// <summary>Gets or sets the results to judge, usually piped from Invoke-SkReadinessAudit or a Test-Sk* cmdlet.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public CheckResult[] InputObject { get; set; } = Array.Empty<CheckResult>();

    /// <summary>Gets or sets the lowest severity that fails the gate (default High: High and Critical fail it).</summary>
    [Parameter(Position = 0)]
    public Severity FailOn { get; set; } = Severity.High;

    /// <summary>Gets or sets a value indicating whether the results go on down the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (CheckResult result in InputObject)
        {
            _results.Add(result);
            if (PassThru.IsPresent)
            {
                WriteObject(result);
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (_results.Count == 0)
        {
            // A gate that passes on nothing would pass a broken pipeline (a typo in a variable, an empty filter).
            StopScript(
                new InvalidOperationException("The readiness gate received no results, so it proves nothing. Pipe the results of Invoke-SkReadinessAudit (or a Test-Sk* cmdlet) to Assert-SkReadiness."),
                ErrorIds.ReadinessGateNoResults,
                ErrorCategory.InvalidData,
                null);
        }

        IReadOnlyList<CheckResult> failures = ReadinessGate.Failures(_results, FailOn);
        if (failures.Count > 0)
        {
            StopScript(
                new InvalidOperationException(ReadinessGate.Describe(failures, _results.Count, FailOn)),
                ErrorIds.ReadinessGateFailed,
                ErrorCategory.InvalidResult,
                failures);
        }

        WriteVerbose($"The readiness gate passed: none of {_results.Count} results is Failed or Error at severity {FailOn} or above.");
    }

    /// <summary>
    /// Stops the whole script, not just this statement, as <c>throw</c> does. ThrowTerminatingError only ends the
    /// statement: a script run with <c>pwsh -File</c> then goes on and exits 0, which would let a failed gate pass a
    /// CI job or a scheduled task. The FullyQualifiedErrorId has the module's usual form "Id,Command type".
    /// </summary>
    private static void StopScript(Exception exception, string errorId, ErrorCategory category, object? target)
    {
        var record = new ErrorRecord(exception, errorId + "," + typeof(AssertSkReadinessCommand).FullName, category, target);
        throw new RuntimeException(exception.Message, exception, record) { WasThrownFromThrowStatement = true };
    }
}
