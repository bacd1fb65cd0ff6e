# The help: docs/en-US compiled by tools/Help/ConvertTo-Maml.ps1, then read back through Get-Help in a fresh
# pwsh against a copy of the built module, so the docs cannot drift from the cmdlets they describe.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $cmdlets = @((Get-Command -Module ScalekitReadiness -CommandType Cmdlet).Name | Sort-Object)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $converter = Join-Path $repositoryRoot 'tools/Help/ConvertTo-Maml.ps1'
    $docsPath = Join-Path $repositoryRoot 'docs/en-US'
    $helpPath = Join-Path $TestDrive 'help'
    $null = & $converter -Path $docsPath -OutputPath $helpPath

    # Runs a script file in a fresh pwsh: a binary module cannot be unloaded, and Get-Help caches what it read.
    function Invoke-FreshPwsh {
        param([string] $File, [string[]] $ArgumentList)
        $executable = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        # Under `dotnet pwsh` the process is dotnet; pwsh.dll by full path works from any directory.
        $arguments = @(if ((Split-Path $executable -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
        $arguments += @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList
        $output = & $executable @arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed ($LASTEXITCODE): $($output -join "`n")" }
    }

    # The child installs the generated help next to the manifest of a copy of the module, as build.ps1 does, and
    # reports what Get-Help says beside what the cmdlets really declare.
    $probe = Join-Path $TestDrive 'help-probe.ps1'
    Set-Content -LiteralPath $probe -Value @'
param([string] $ModulePath, [string] $HelpPath, [string] $WorkPath, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$copy = Join-Path $WorkPath 'ScalekitReadiness'
Copy-Item -LiteralPath $ModulePath -Destination $copy -Recurse
$manifest = Get-ChildItem -LiteralPath $copy -Filter 'ScalekitReadiness.psd1' -Recurse | Select-Object -First 1
$culture = New-Item -ItemType Directory -Path (Join-Path $manifest.DirectoryName 'en-US') -Force
Copy-Item -Path (Join-Path $HelpPath '*') -Destination $culture.FullName -Force
Import-Module $manifest.FullName

# -WhatIf and -Confirm stay: a cmdlet that has them documents them (as platyPS does); -ProgressAction is common.
$common = [System.Management.Automation.Cmdlet]::CommonParameters
$commands = foreach ($command in Get-Command -Module ScalekitReadiness -CommandType Cmdlet) {
    $help = Get-Help $command.Name -Full
    $real = foreach ($parameter in $command.Parameters.Values | Where-Object Name -NotIn $common) {
        $declared = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        $position = @($declared.Position | Where-Object { $_ -ge 0 } | Select-Object -Unique)
        [pscustomobject]@{
            Name = $parameter.Name
            Type = $parameter.ParameterType.Name
            Required = [bool]($declared | Where-Object Mandatory)
            Position = if ($position.Count -gt 0) { $position -join ',' } else { 'named' }
            Aliases = @($parameter.Aliases | Sort-Object)
            ByValue = [bool]($declared | Where-Object ValueFromPipeline)
            ByPropertyName = [bool]($declared | Where-Object ValueFromPipelineByPropertyName)
            Globbing = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        }
    }
    $documented = foreach ($parameter in @($help.parameters.parameter)) {
        if (-not $parameter) { continue }
        [pscustomobject]@{
            Name = $parameter.name
            Description = (@($parameter.description.Text) -join ' ').Trim()
            Type = $parameter.type.name
            Required = $parameter.required -eq 'true'
            Position = "$($parameter.position)"
            Aliases = @(if ($parameter.aliases -ne 'none') { $parameter.aliases -split '\s*,\s*' | Sort-Object })
            ByValue = $parameter.pipelineInput -match 'ByValue'
            ByPropertyName = $parameter.pipelineInput -match 'ByPropertyName'
            Globbing = $parameter.globbing -eq 'true'
        }
    }
    [pscustomobject]@{
        Name = $command.Name
        HelpFile = Split-Path -Leaf $command.HelpFile   # a full path once Get-Help has read it
        FromMaml = $help.PSObject.TypeNames -contains 'MamlCommandHelpInfo'
        Synopsis = "$($help.Synopsis)".Trim()
        Description = (@($help.description.Text) -join "`n").Trim()
        Examples = @(@($help.examples.example) | Where-Object { $_ } | ForEach-Object { "$($_.code)".Trim() })
        RealSets = @($command.ParameterSets | ForEach-Object { (@($_.Parameters.Name | Where-Object { $_ -notin $common } | Sort-Object)) -join ' ' } | Sort-Object)
        HelpSets = @(@($help.syntax.syntaxItem) | ForEach-Object { (@($_.parameter.name | Sort-Object)) -join ' ' } | Sort-Object)
        Real = @($real)
        Documented = @($documented)
    }
}
$about = try { Get-Help about_ScalekitReadiness -ErrorAction Stop | Out-String } catch { $null }
@{ Commands = @($commands); About = $about } | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $ResultPath
'@
    $factsPath = Join-Path $TestDrive 'help-facts.json'
    Invoke-FreshPwsh -File $probe -ArgumentList @('-ModulePath', $modulePath, '-HelpPath', $helpPath, '-WorkPath', (Join-Path $TestDrive 'modules'), '-ResultPath', $factsPath)
    $facts = Get-Content -LiteralPath $factsPath -Raw | ConvertFrom-Json
}

Describe 'The compiled help of the module' {
    It 'has one markdown page per exported cmdlet, and no page for a cmdlet that does not exist' {
        $pages = (Get-ChildItem -LiteralPath $docsPath -Filter '*-*.md').BaseName | Sort-Object
        $pages | Should -Be @($facts.Commands.Name | Sort-Object)
    }

    It 'is one MAML file, named as the cmdlets expect, and an about topic' {
        (Get-ChildItem -LiteralPath $helpPath).Name | Sort-Object | Should -Be @('about_ScalekitReadiness.help.txt', 'ScalekitReadiness.dll-Help.xml')
        $facts.Commands.HelpFile | Select-Object -Unique | Should -BeExactly 'ScalekitReadiness.dll-Help.xml'
    }

    It 'lets Get-Help find about_ScalekitReadiness' {
        $facts.About | Should -Not -BeNullOrEmpty
        $facts.About | Should -Match '(?m)^TOPIC\s+about_ScalekitReadiness'
        $facts.About | Should -Match '(?m)^SHORT DESCRIPTION\s+Audits a Scalekit'
        $facts.About | Should -Match 'Policy\.SeverityOverrides'
    }
}

Describe 'Get-Help <_>' -ForEach $cmdlets {
    BeforeAll {
        $command = $facts.Commands | Where-Object Name -EQ $_
        if (-not $command) { throw "The fresh pwsh did not report $_." }
        $documented = @($command.Documented)
    }

    It 'comes from the MAML file' {
        $command.FromMaml | Should -BeTrue -Because 'without the help file Get-Help makes up a page from the syntax'
    }

    It 'has a written synopsis, not the generated syntax' {
        $command.Synopsis | Should -Not -BeNullOrEmpty
        $command.Synopsis | Should -Not -Match "^$([regex]::Escape($command.Name))\s"
    }

    It 'has a description' {
        $command.Description.Length | Should -BeGreaterThan 100
    }

    It 'has at least one example with code' {
        @($command.Examples).Count | Should -BeGreaterOrEqual 1
        $command.Examples | ForEach-Object { $_ | Should -Match ([regex]::Escape($command.Name)) }
    }

    It 'documents exactly the parameters the cmdlet has, common parameters aside' {
        $undocumented = $command.Real.Name | Where-Object { $_ -notin $documented.Name } | ForEach-Object { "-$_ is not documented" }
        $unknown = $documented.Name | Where-Object { $_ -notin $command.Real.Name } | ForEach-Object { "-$_ is documented but the cmdlet has no such parameter" }
        @($undocumented) + @($unknown) | Should -BeNullOrEmpty
        $documented.Count | Should -Be @($command.Real).Count
    }

    It 'describes every parameter' {
        $documented | Where-Object { $_.Description.Length -lt 20 } | ForEach-Object Name | Should -BeNullOrEmpty
    }

    It 'states each parameter as the cmdlet declares it (type, required, position, aliases, pipeline, wildcards)' {
        $drift = foreach ($real in $command.Real) {
            $doc = $documented | Where-Object Name -EQ $real.Name
            if (-not $doc) { continue }
            foreach ($property in 'Type', 'Required', 'Position', 'ByValue', 'ByPropertyName', 'Globbing') {
                if ("$($doc.$property)" -ne "$($real.$property)") { "-$($real.Name) ${property}: the help says '$($doc.$property)', the cmdlet '$($real.$property)'" }
            }
            if ((@($doc.Aliases) -join ',') -ne (@($real.Aliases) -join ',')) { "-$($real.Name) Aliases: the help says '$($doc.Aliases -join ',')', the cmdlet '$($real.Aliases -join ',')'" }
        }
        $drift | Should -BeNullOrEmpty
    }

    It 'shows the parameter sets the cmdlet has' {
        Compare-Object @($command.RealSets) @($command.HelpSets) |
            ForEach-Object { ($_.SideIndicator -eq '<=' ? 'the cmdlet has a set the help lacks: ' : 'the help shows a set the cmdlet lacks: ') + $_.InputObject } |
            Should -BeNullOrEmpty
    }
}

Describe 'ConvertTo-Maml.ps1' {
    BeforeAll {
        # A complete page in the platyPS layout whose text holds the characters XML must escape.
        $fixture = @'
---
external help file: Fixture.dll-Help.xml
Module Name: Fixture
online version:
schema: 2.0.0
---

# Get-Fixture

## SYNOPSIS
Tells "a & b" from <c>.

## SYNTAX

### __AllParameterSets
```
Get-Fixture [-Name] <String> [<CommonParameters>]
```

## DESCRIPTION
Keeps & and <b>tags</b> and "quotes" as text.

## EXAMPLES

### Example 1: Filter & compare
```powershell
Get-Fixture -Name 'a&b' | Where-Object { $_.Size -lt 5 -and $_.Name -ne "<none>" }
```

Remarks with &amp; written literally.

## PARAMETERS

### -Name
The name; "quoted" & <angled>.

```yaml
Type: String
Parameter Sets: (All)
Aliases: None

Required: True
Position: 0
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### None
Nothing.

## OUTPUTS

### System.Object
Something.

## NOTES
Note & note.

## RELATED LINKS

[Fixture & docs](https://example.com/?a=1&b=2)
'@
        function Invoke-Converter {
            param([string] $Markdown, [string] $FileName = 'Get-Fixture.md')
            $source = Join-Path $TestDrive "fixture-$([guid]::NewGuid())"
            $null = New-Item -ItemType Directory -Path $source
            Set-Content -LiteralPath (Join-Path $source $FileName) -Value $Markdown
            $null = & $converter -Path $source -OutputPath (Join-Path $source 'out')
            Join-Path $source 'out'
        }
    }

    It 'keeps &, < and " intact in every kind of text' {
        $out = Invoke-Converter $fixture
        $xml = [xml](Get-Content -LiteralPath (Join-Path $out 'Fixture.dll-Help.xml') -Raw)
        $ns = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        $ns.AddNamespace('msh', 'http://msh')
        $command = $xml.SelectSingleNode('/msh:helpItems/command:command', $ns)
        $command.SelectSingleNode('command:details/maml:description/maml:para', $ns).InnerText | Should -BeExactly 'Tells "a & b" from <c>.'
        $command.SelectSingleNode('maml:description/maml:para', $ns).InnerText | Should -BeExactly 'Keeps & and <b>tags</b> and "quotes" as text.'
        $command.SelectSingleNode('command:parameters/command:parameter/maml:description/maml:para', $ns).InnerText | Should -BeExactly 'The name; "quoted" & <angled>.'
        $example = $command.SelectSingleNode('command:examples/command:example', $ns)
        $example.SelectSingleNode('dev:code', $ns).InnerText | Should -BeExactly 'Get-Fixture -Name ''a&b'' | Where-Object { $_.Size -lt 5 -and $_.Name -ne "<none>" }'
        $example.SelectSingleNode('dev:remarks/maml:para', $ns).InnerText | Should -BeExactly 'Remarks with &amp; written literally.'
        $example.SelectSingleNode('maml:title', $ns).InnerText | Should -Match 'Example 1: Filter & compare'
        $command.SelectSingleNode('maml:alertSet/maml:alert/maml:para', $ns).InnerText | Should -BeExactly 'Note & note.'
        $link = $command.SelectSingleNode('command:relatedLinks/maml:navigationLink', $ns)
        $link.SelectSingleNode('maml:linkText', $ns).InnerText | Should -BeExactly 'Fixture & docs'
        $link.SelectSingleNode('maml:uri', $ns).InnerText | Should -BeExactly 'https://example.com/?a=1&b=2'
    }

    It 'fails naming the file and line when ## SYNOPSIS is missing' {
        $broken = $fixture -replace '(?s)## SYNOPSIS.*?(?=## SYNTAX)', ''
        { Invoke-Converter $broken } | Should -Throw -ExpectedMessage "*Get-Fixture.md:*: missing required section '## SYNOPSIS'"
    }

    It 'fails when a parameter of the syntax has no parameter block' {
        $broken = $fixture -replace '(?s)### -Name.*?(?=### CommonParameters)', ''
        { Invoke-Converter $broken } | Should -Throw -ExpectedMessage "*Get-Fixture.md:*-Name is in the syntax*has no '### -Name' block*"
    }

    It 'fails naming the line of a parameter yaml that lacks a field' {
        $broken = $fixture -replace '(?m)^Position: 0\r?\n', ''
        $line = ($fixture -split '\r?\n').IndexOf('```yaml') + 1
        { Invoke-Converter $broken } | Should -Throw -ExpectedMessage "*Get-Fixture.md:${line}: the parameter yaml lacks 'Position:'"
    }

    It 'fails when an about topic has no ## SHORT DESCRIPTION' {
        $source = Join-Path $TestDrive 'about-broken'
        $null = New-Item -ItemType Directory -Path $source
        Set-Content -LiteralPath (Join-Path $source 'Get-Fixture.md') -Value $fixture
        Set-Content -LiteralPath (Join-Path $source 'about_Fixture.md') -Value "# about_Fixture`n`n## LONG DESCRIPTION`nText."
        { & $converter -Path $source -OutputPath (Join-Path $source 'out') } | Should -Throw -ExpectedMessage "*about_Fixture.md:*missing required section '## SHORT DESCRIPTION'"
    }
}
