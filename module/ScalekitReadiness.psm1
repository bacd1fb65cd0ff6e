# Copyright (c) ScalekitReadiness contributors. MIT License.
# Loads the cmdlet assembly with its dependencies isolated from other modules' copies
# (PowerShell 7: one AssemblyLoadContext; Windows PowerShell 5.1: a resolver scoped to our own DLLs).

# Resolve Import-Module from its own module so that a proxy function of the same name cannot hijack it.
$importModule = Get-Command -Name Import-Module -Module Microsoft.PowerShell.Core

$framework = if ($PSVersionTable.PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
$binPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework)

$isReload = $true
if (-not ('ScalekitReadiness.Loader.ModuleLoader' -as [type])) {
    $isReload = $false
    Add-Type -Path ([System.IO.Path]::Combine($binPath, 'ScalekitReadiness.Loader.dll'))
}

$moduleAssembly = [ScalekitReadiness.Loader.ModuleLoader]::Initialize($binPath)
$innerModule = & $importModule -Assembly $moduleAssembly -PassThru:$isReload

if ($innerModule) {
    # Import-Module -Force of an assembly-backed psm1 keeps stale exports (PowerShell issue #20710):
    # re-add the cmdlets to this module so they are exported again.
    $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet',
        [System.Reflection.BindingFlags]'Instance, NonPublic')
    foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
        $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
    }
}

if ($PSVersionTable.PSEdition -eq 'Core') {
    # PowerShell resolves [Type] literals only in the default load context and in imported module
    # assemblies; the result types live in ScalekitReadiness.Core inside our own context. Type
    # accelerators under their full names make [ScalekitReadiness.CheckResult] and the enums work as usual.
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($moduleAssembly)
    $coreAssembly = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('ScalekitReadiness.Core'))
    $accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')
    $publicTypes = @($coreAssembly.GetExportedTypes() | Where-Object Namespace -EQ 'ScalekitReadiness')
    foreach ($type in $publicTypes) {
        $null = $accelerators::Remove($type.FullName)
        $accelerators::Add($type.FullName, $type)
    }
    $ExecutionContext.SessionState.Module.OnRemove = {
        foreach ($type in $publicTypes) { $null = $accelerators::Remove($type.FullName) }
    }.GetNewClosure()
}
