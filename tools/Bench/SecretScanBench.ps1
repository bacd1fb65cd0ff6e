#Requires -Version 7.2
<#
.SYNOPSIS
    Benchmarks Test-SkSecretExposure (SK-QC-030) against ripgrep and a plain Select-String script.

.DESCRIPTION
    1. Generates (or reuses) a ~200 MB tree of code-like text under <OutputPath>/tree: TypeScript, Python, Go, C#,
       JSON, YAML, Markdown and .env files with realistic lines (including some that mention secrets through
       process.env / os.environ, which every tool must read past), a few binary files, and a handful of planted
       secrets made up at generation time. The tree is reused when its stamp file matches the requested size.
    2. Installs ripgrep with apt-get when rg is missing.
    3. Runs each tool -Runs times over the same tree, drops the first run (warm-up: JIT, page cache) and reports
       the median of the rest as MB/s of the tree's bytes (wall clock, and per CPU-second, which a busy machine
       disturbs less), plus the ratios the performance goal names:
       Test-SkSecretExposure >= 1/3 of ripgrep's throughput and >= 3x Select-String.
       - Test-SkSecretExposure: the BUILT module, imported once into this process; each run is one cmdlet call.
       - ripgrep: rg -n --no-ignore --hidden with the patterns below (one process per run, all cores).
       - Select-String: Get-ChildItem -Recurse -File | Select-String -Pattern <the same patterns>.
    The patterns given to rg and Select-String are the scanner's rules written as plain regexes.
    Writes the numbers to <OutputPath>/secret-scan-bench.json.

.PARAMETER ModulePath
    The built module folder (output/ScalekitReadiness).

.PARAMETER OutputPath
    Where the tree and the results go (output/bench).

.PARAMETER SizeMB
    The size of the generated tree (default 200).

.PARAMETER Runs
    Runs per tool, the first of which is a warm-up (default 3).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [ValidateRange(1, 10000)] [int] $SizeMB = 200,
    [ValidateRange(2, 20)] [int] $Runs = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$OutputPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)
$ModulePath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModulePath)
$tree = Join-Path $OutputPath 'tree'
$stamp = Join-Path $tree '.bench-tree'

# The rules of SK-QC-030 as plain regexes, valid for both ripgrep (Rust regex) and Select-String (.NET).
$patterns = @(
    'whsec_[A-Za-z0-9+/=_-]{16,}'
    'eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}'
    '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----'
    '(?i)(?:client|webhook)[_.-]?secret["''\]]*\s*(?::=|=>|=|:)\s*["''\x60]?[^\s"''\x60,;]{8,}'
    'Scalekit(?:Client)?\s*\([^,()]+,[^,()]+,\s*["''\x60][^"''\x60]{8,}'
)

function New-BenchTree {
    param([string] $Path, [int] $TargetMB)
    Write-Host "Generating a $TargetMB MB tree in $Path ..." -ForegroundColor Cyan
    if (Test-Path -LiteralPath $Path) { Remove-Item -LiteralPath $Path -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $Path
    # Generating 200 MB line by line is too slow in script; the generator is a small C# class compiled here.
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

public static class SkBenchTree
{
    private static readonly string[] Words = { "user", "order", "session", "token", "tenant", "invoice", "account", "profile", "widget", "report", "cache", "queue",
        "payment", "client", "server", "request", "response", "handler", "config", "metric", "event", "audit", "scope", "role" };

    // Line templates per language; {0}..{2} are identifiers, {3} a number. Some mention secrets without holding one.
    private static readonly Dictionary<string, string[]> Templates = new Dictionary<string, string[]>
    {
        [".ts"] = new[]
        {
            "export async function {0}({1}: string, {2}: number): Promise<void> {{",
            "  const {0} = await this.{1}.find({{ where: {{ id: {2}, limit: {3} }} }});",
            "  if (!{0}) {{ throw new NotFoundError(`{1} ${{{2}}} not found`); }}",
            "  return {0}.map(({1}) => ({{ ...{1}, {2}: {3} }}));",
            "import {{ {0}, {1} }} from \"./{2}\";",
            "  clientSecret: process.env.SCALEKIT_CLIENT_SECRET!,",
            "  // TODO({0}): cache the {1} for {3} seconds",
            "}}",
        },
        [".py"] = new[]
        {
            "def {0}(self, {1}, {2}={3}):",
            "    \"\"\"Return the {1} of {2}.\"\"\"",
            "    result = self.{0}.get({1}, {{}}).get(\"{2}\", {3})",
            "    client_secret = os.environ[\"SCALEKIT_CLIENT_SECRET\"]",
            "    for {0} in {1}: yield {2}({0}, timeout={3})",
            "    logger.info(\"processed %s {0}\", len({1}))",
        },
        [".go"] = new[]
        {
            "func ({0} *{1}) {2}(ctx context.Context, id int64) error {{",
            "\tif err := {0}.db.QueryRowContext(ctx, q{1}, id).Scan(&{2}); err != nil {{ return err }}",
            "\tsecret := os.Getenv(\"SCALEKIT_CLIENT_SECRET\")",
            "\treturn {0}.{1}.Publish(ctx, \"{2}\", {3})",
            "}}",
        },
        [".cs"] = new[]
        {
            "    public async Task<{0}> {1}Async(int {2}, CancellationToken cancellationToken)",
            "    {{",
            "        var {0} = await _{1}.GetAsync({2}, cancellationToken).ConfigureAwait(false);",
            "        options.ClientSecret = configuration[\"Scalekit:ClientSecret\"];",
            "        return new {0}({1}, {2}, {3});",
            "    }}",
        },
        [".json"] = new[]
        {
            "  \"{0}\": {{ \"{1}\": \"{2}\", \"limit\": {3}, \"enabled\": true }},",
            "  \"{0}{3}\": [ \"{1}\", \"{2}\" ],",
        },
        [".yaml"] = new[]
        {
            "{0}:",
            "  {1}: {2}-{3}",
            "  client_secret: ${{SCALEKIT_CLIENT_SECRET}}",
            "  replicas: {3}",
        },
        [".md"] = new[]
        {
            "The {0} service stores each {1} for {3} days; see the {2} guide.",
            "Set `SCALEKIT_CLIENT_SECRET` in your environment, never in code.",
            "- {0}: {1} ({3} ms)",
        },
    };

    /// <summary>Writes about <paramref name="targetBytes"/> of code-like files; returns the planted secret lines' count.</summary>
    public static int Generate(string root, long targetBytes, int seed)
    {
        var random = new Random(seed);
        Func<string> word = () => Words[random.Next(Words.Length)];
        Func<string> ident = () => { string b = word(); return word() + char.ToUpperInvariant(b[0]) + b.Substring(1) + random.Next(100); };
        var extensions = new List<string>(Templates.Keys);
        var utf8 = new UTF8Encoding(false);
        var typescript = new List<string>();
        long written = 0;
        int files = 0;
        var text = new StringBuilder();
        while (written < targetBytes)
        {
            string extension = extensions[random.Next(extensions.Count)];
            string[] lines = Templates[extension];
            string directory = Path.Combine(root, "packages", word() + "-" + (files % 97), "src", word());
            Directory.CreateDirectory(directory);
            double size = 1024 * Math.Pow(2, random.NextDouble() * 5.5); // 1 KiB .. 45 KiB, log-uniform
            text.Clear();
            while (text.Length < size)
            {
                // About one line in 250 mentions a secret (by reference); real code mostly does not.
                string line = lines[random.Next(lines.Length)];
                while (line.IndexOf("ecret", StringComparison.OrdinalIgnoreCase) >= 0 && random.Next(40) != 0)
                {
                    line = lines[random.Next(lines.Length)];
                }

                text.AppendFormat(line, ident(), ident(), ident(), random.Next(100000)).Append('\n');
            }

            string file = Path.Combine(directory, word() + files + extension);
            File.WriteAllText(file, text.ToString(), utf8);
            if (extension == ".ts")
            {
                typescript.Add(file);
            }

            written += text.Length;
            files++;
        }

        // A few binary files (every tool skips them) and .env templates without secrets.
        for (int i = 0; i < 20; i++)
        {
            var bytes = new byte[32 * 1024];
            random.NextBytes(bytes);
            bytes[10] = 0;
            File.WriteAllBytes(Path.Combine(root, "packages", "asset" + i + ".bin"), bytes);
            File.WriteAllText(Path.Combine(root, "packages", "service" + i + ".env.example"), "SCALEKIT_CLIENT_SECRET=\nLOG_LEVEL=info\n", utf8);
        }

        // Planted secrets, made up now: every tool must find these lines.
        Func<int, string> hex = n => { var b = new byte[n]; random.NextBytes(b); return BitConverter.ToString(b).Replace("-", "").ToLowerInvariant(); };
        var key = new byte[900];
        random.NextBytes(key);
        string[] planted =
        {
            "SCALEKIT_CLIENT_SECRET=test_" + hex(20),
            "const webhook = \"whsec_" + hex(24) + "\";",
            "const options = { client_secret: \"test_" + hex(20) + "\" };",
            "const sk = new ScalekitClient(envUrl, clientId, \"test_" + hex(20) + "\");",
            "-----BEGIN PRIVATE KEY-----\n" + Convert.ToBase64String(key, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n") + "\n-----END PRIVATE KEY-----",
        };
        for (int i = 0; i < 10; i++)
        {
            File.AppendAllText(typescript[random.Next(typescript.Count)], planted[i % planted.Length] + "\n", utf8);
        }

        return 10;
    }
}
'@
    $planted = [SkBenchTree]::Generate($Path, [long]$TargetMB * 1MB, 30)
    $bytesOnDisk = (Get-ChildItem -LiteralPath $Path -Recurse -File | Measure-Object Length -Sum).Sum
    Set-Content -LiteralPath (Join-Path $Path '.bench-tree') -Value "$TargetMB" -NoNewline
    Write-Host ("Generated {0:N1} MB with {1} planted secrets" -f ($bytesOnDisk / 1e6), $planted) -ForegroundColor Green
}

function Measure-Tool {
    param([string] $Name, [scriptblock] $Run, [int] $Count, [long] $Bytes)
    # $Run returns @(count of matches, CPU seconds of a child process or $null for work done in this process).
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $samples = foreach ($i in 1..$Count) {
        $self.Refresh(); $cpuBefore = $self.TotalProcessorTime
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $found, $childCpu = & $Run
        $watch.Stop()
        $self.Refresh()
        $cpu = if ($null -ne $childCpu) { $childCpu } else { ($self.TotalProcessorTime - $cpuBefore).TotalSeconds }
        Write-Host ("  {0} run {1}: {2:N2} s wall, {3:N2} s CPU, {4} matching line(s)/finding(s){5}" -f $Name, $i, $watch.Elapsed.TotalSeconds, $cpu, $found, ($i -eq 1 ? ' (warm-up, not counted)' : ''))
        if ($i -gt 1) { [pscustomobject]@{ Wall = $watch.Elapsed.TotalSeconds; Cpu = $cpu } }
    }
    $median = {
        param([double[]] $values)
        $sorted = @($values | Sort-Object)
        if ($sorted.Count % 2) { $sorted[[int][Math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
    }
    $wall = & $median @($samples.Wall)
    $cpu = & $median @($samples.Cpu)
    [pscustomobject]@{
        Tool = $Name
        MedianSeconds = [Math]::Round($wall, 3)
        MedianCpuSeconds = [Math]::Round($cpu, 3)
        Runs = @($samples | ForEach-Object { [Math]::Round($_.Wall, 3) })
        MBps = [Math]::Round($Bytes / 1e6 / $wall, 1)
        MBperCpuSecond = [Math]::Round($Bytes / 1e6 / $cpu, 1)
    }
}

if (-not (Test-Path -LiteralPath $stamp) -or (Get-Content -LiteralPath $stamp -Raw) -ne "$SizeMB") {
    New-BenchTree -Path $tree -TargetMB $SizeMB
}
else {
    Write-Host "Reusing the tree in $tree" -ForegroundColor Cyan
}

if (-not (Get-Command rg -ErrorAction Ignore)) {
    Write-Host 'Installing ripgrep (apt-get install -y ripgrep) ...' -ForegroundColor Cyan
    $sudo = if ((id -u) -ne '0') { 'sudo' } else { $null }
    if ($sudo) { & $sudo apt-get install -y ripgrep } else { apt-get install -y ripgrep }
    if ($LASTEXITCODE -ne 0) {
        if ($sudo) { & $sudo apt-get update } else { apt-get update }
        if ($sudo) { & $sudo apt-get install -y ripgrep } else { apt-get install -y ripgrep }
    }
    if (-not (Get-Command rg -ErrorAction Ignore)) { throw 'ripgrep could not be installed (apt-get install -y ripgrep).' }
}

Import-Module $ModulePath -Force
$treeFiles = Get-ChildItem -LiteralPath $tree -Recurse -File -Force
$bytes = ($treeFiles | Measure-Object Length -Sum).Sum
$cores = [Environment]::ProcessorCount
Write-Host ("Tree: {0} files, {1:N1} MB; {2} processor(s); ripgrep {3}" -f $treeFiles.Count, ($bytes / 1e6), $cores, ((rg --version | Select-Object -First 1) -replace '^ripgrep\s+', '')) -ForegroundColor Cyan

$rgArguments = @('-n', '--no-ignore', '--hidden', '--no-messages') + @($patterns | ForEach-Object { '-e', $_ }) + @($tree)
$results = @(
    Measure-Tool -Name 'Test-SkSecretExposure' -Count $Runs -Bytes $bytes -Run {
        $result = Test-SkSecretExposure -Path $tree
        @($result.Reasons).Count, $null
    }
    Measure-Tool -Name 'ripgrep' -Count $Runs -Bytes $bytes -Run {
        # bash's time reports the CPU rg used (.NET cannot read it once the process has exited).
        $output = & bash -c 'TIMEFORMAT="%U %S"; { time rg "$@" | wc -l; } 2>&1' rg @rgArguments
        $lines = [long]"$($output[0])".Trim()
        $user, $system = "$($output[-1])".Trim() -split '\s+'
        $lines, ([double]$user + [double]$system)
    }
    Measure-Tool -Name 'Select-String' -Count $Runs -Bytes $bytes -Run {
        @(Get-ChildItem -LiteralPath $tree -Recurse -File -Force | Select-String -Pattern $patterns).Count, $null
    }
)

$ours = $results[0]; $rg = $results[1]; $selectString = $results[2]
$vsRipgrep = [Math]::Round($ours.MBps / $rg.MBps, 2)
$vsSelectString = [Math]::Round($ours.MBps / $selectString.MBps, 1)
$cpuVsRipgrep = [Math]::Round($ours.MBperCpuSecond / $rg.MBperCpuSecond, 2)
$cpuVsSelectString = [Math]::Round($ours.MBperCpuSecond / $selectString.MBperCpuSecond, 1)
Write-Host ''
$results | Format-Table Tool, MedianSeconds, MBps, MedianCpuSeconds, MBperCpuSecond, @{ Name = 'Runs (s)'; Expression = { $_.Runs -join ', ' } } -AutoSize | Out-Host
Write-Host ("Test-SkSecretExposure / ripgrep       = {0:N2}  wall-clock throughput (goal >= 0.33) {1}; per CPU-second {2:N2}" -f $vsRipgrep, ($vsRipgrep -ge 0.33 ? 'met' : 'MISSED'), $cpuVsRipgrep)
Write-Host ("Test-SkSecretExposure / Select-String = {0:N1}x wall-clock throughput (goal >= 3x)   {1}; per CPU-second {2:N1}x" -f $vsSelectString, ($vsSelectString -ge 3 ? 'met' : 'MISSED'), $cpuVsSelectString)

[ordered]@{
    Date = (Get-Date).ToUniversalTime().ToString('o')
    Files = $treeFiles.Count
    Bytes = $bytes
    Processors = $cores
    Ripgrep = (rg --version | Select-Object -First 1)
    PowerShell = "$($PSVersionTable.PSVersion)"
    Runtime = [Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
    Results = $results
    LoadAverage = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg -Raw).Trim() } else { $null }
    RatioToRipgrep = $vsRipgrep
    RatioToSelectString = $vsSelectString
    CpuRatioToRipgrep = $cpuVsRipgrep
    CpuRatioToSelectString = $cpuVsSelectString
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $OutputPath 'secret-scan-bench.json')
