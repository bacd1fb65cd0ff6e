#Requires -Version 7.2
<#
.SYNOPSIS
    Compiles the markdown help in docs/en-US into the files Get-Help reads.

.DESCRIPTION
    Every <Verb-Noun>.md (platyPS 0.14 layout) becomes one command element of a single MAML file, named by
    the front matter's 'external help file' (ScalekitReadiness.dll-Help.xml); every about_*.md becomes
    about_*.help.txt (plain text, 80 columns). platyPS is not available to this build, so this script reads
    the subset of its layout the module's docs use, checks it, and stops with "file:line: problem" on a
    missing section, parameter block or yaml field, or on a syntax block that disagrees with the parameters.

.PARAMETER Path
    The folder of the markdown files (docs/en-US).

.PARAMETER OutputPath
    The folder to write to, created if missing (output/ScalekitReadiness/<version>/en-US).

.OUTPUTS
    System.IO.FileInfo for each file written.
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$mamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$commandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$devNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$commandSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$yamlKeys = 'Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input', 'Accept wildcard characters'

function Stop-Conversion {
    param([string] $File, [int] $Line, [string] $Message)
    throw "${File}:${Line}: $Message"
}

function Read-MarkdownDocument {
    <# Splits a file into front matter, the '# title' and its '## sections' (each a list of numbered lines). #>
    param([string] $File)
    $lines = @(Get-Content -LiteralPath $File -Encoding utf8)
    $document = [pscustomobject]@{
        File = $File; FrontMatter = @{}; Title = $null; TitleLine = 1; LastLine = $lines.Count
        Sections = [ordered]@{}
    }
    $index = 0
    if ($lines.Count -gt 0 -and $lines[0] -eq '---') {
        for ($index = 1; $index -lt $lines.Count -and $lines[$index] -ne '---'; $index++) {
            if ($lines[$index] -match '^([^:]+):\s*(.*)$') { $document.FrontMatter[$Matches[1].Trim()] = $Matches[2].Trim() }
        }
        if ($index -ge $lines.Count) { Stop-Conversion $File 1 'the front matter (---) is not closed' }
        $index++
    }
    $section = $null
    $inCode = $false
    for (; $index -lt $lines.Count; $index++) {
        $text = $lines[$index]
        $number = $index + 1
        if ($text -match '^\s*```') { $inCode = -not $inCode }
        elseif (-not $inCode -and $text -match '^#\s+(.+?)\s*$' -and -not $document.Title) {
            $document.Title = $Matches[1]; $document.TitleLine = $number; continue
        }
        elseif (-not $inCode -and $text -match '^##\s+(.+?)\s*$') {
            $name = $Matches[1].ToUpperInvariant()
            if ($document.Sections.Contains($name)) { Stop-Conversion $File $number "'## $name' appears twice" }
            $section = [pscustomobject]@{ Name = $name; Line = $number; Lines = [System.Collections.Generic.List[object]]::new() }
            $document.Sections[$name] = $section
            continue
        }
        if ($section) { $section.Lines.Add([pscustomobject]@{ Number = $number; Text = $text }) }
    }
    if ($inCode) { Stop-Conversion $File $lines.Count 'a code fence (```) is not closed' }
    if (-not $document.Title) { Stop-Conversion $File 1 "no '# title' line" }
    $document
}

function Assert-Section {
    <# Returns the named section, or stops naming the line where it was expected. #>
    param($Document, [string] $Name, [string[]] $Order)
    if ($Document.Sections.Contains($Name)) { return $Document.Sections[$Name] }
    $next = $Order | Select-Object -Skip ([array]::IndexOf($Order, $Name) + 1) | Where-Object { $Document.Sections.Contains($_) } | Select-Object -First 1
    $line = if ($next) { $Document.Sections[$next].Line } else { $Document.LastLine }
    Stop-Conversion $Document.File $line "missing required section '## $Name'"
}

function Get-Block {
    <#
    Splits section lines into '### headings', fenced code and paragraphs (soft line breaks joined).
    A list item or a table row starts a paragraph of its own, as Get-Help shows one maml:para per line item.
    #>
    param($Section)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $paragraph = $null
    $code = $null
    foreach ($line in $Section.Lines) {
        $text = $line.Text
        if ($code) {
            if ($text -match '^\s*```\s*$') { $code.Text = $code.Lines -join "`n"; $blocks.Add($code); $code = $null }
            else { $code.Lines.Add($text) }
            continue
        }
        if ($text -match '^\s*```\s*(\S*)') {
            $paragraph = $null
            $code = [pscustomobject]@{ Kind = 'Code'; Language = $Matches[1]; Line = $line.Number; Text = ''; Lines = [System.Collections.Generic.List[string]]::new() }
        }
        elseif ($text -match '^###\s+(.+?)\s*$') {
            $paragraph = $null
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Text = $Matches[1]; Line = $line.Number })
        }
        elseif ($text.Trim().Length -eq 0) { $paragraph = $null }
        else {
            $indent = $text.Length - $text.TrimStart().Length
            # A line indented under a list item continues it, even when it looks like "300. Default".
            $continues = $paragraph -and $paragraph.Style -eq 'Item' -and $indent -gt $paragraph.Indent
            $style = if ($text -match '^\s*\|') { 'Row' } elseif (-not $continues -and $text -match '^\s*([-*+]|\d+\.)\s') { 'Item' } else { 'Text' }
            if ($paragraph -and $style -eq 'Text' -and $paragraph.Style -ne 'Row') { $paragraph.Text += ' ' + $text.Trim() }
            else {
                $paragraph = [pscustomobject]@{ Kind = 'Para'; Style = $style; Text = $text.Trim(); Line = $line.Number; Indent = $indent }
                $blocks.Add($paragraph)
            }
        }
    }
    $blocks
}

function ConvertFrom-InlineLink {
    <# [text](page.md) becomes text; [text](https://...) becomes "text (https://...)". #>
    param([string] $Text)
    [regex]::Replace($Text, '\[([^\]]+)\]\(([^)\s]+)\)', {
            param($match)
            if ($match.Groups[2].Value -match '^https?://') { "$($match.Groups[1].Value) ($($match.Groups[2].Value))" } else { $match.Groups[1].Value }
        })
}

function Get-ParagraphText {
    <# The paragraphs (and code blocks) of a run of blocks, as the strings of maml:para elements. #>
    param($Blocks)
    foreach ($block in $Blocks) {
        if ($block.Kind -eq 'Para') { ConvertFrom-InlineLink $block.Text }
        elseif ($block.Kind -eq 'Code') { $block.Text }
    }
}

function Split-AtHeading {
    <# Groups blocks under their '### heading': one object per heading with its following blocks. #>
    param($Blocks)
    $current = $null
    foreach ($block in $Blocks) {
        if ($block.Kind -eq 'Heading') {
            if ($current) { $current }
            $current = [pscustomobject]@{ Title = $block.Text; Line = $block.Line; Blocks = [System.Collections.Generic.List[object]]::new() }
        }
        elseif ($current) { $current.Blocks.Add($block) }
    }
    if ($current) { $current }
}

function Read-ParameterYaml {
    param($Document, $Code)
    $values = @{}
    foreach ($line in $Code.Lines) {
        if ($line -match '^([A-Za-z ]+):\s*(.*)$') { $values[$Matches[1].Trim()] = $Matches[2].Trim() }
    }
    foreach ($key in $yamlKeys) {
        if (-not $values.ContainsKey($key) -or $values[$key].Length -eq 0) {
            Stop-Conversion $Document.File $Code.Line "the parameter yaml lacks '${key}:'"
        }
    }
    foreach ($key in 'Required', 'Accept wildcard characters') {
        if ($values[$key] -notin 'True', 'False') { Stop-Conversion $Document.File $Code.Line "'${key}:' must be True or False, not '$($values[$key])'" }
    }
    $values
}

function Read-CommandHelp {
    <# Reads and checks one <Verb-Noun>.md; returns what the MAML writer needs. #>
    param($Document)
    $file = $Document.File
    $name = [System.IO.Path]::GetFileNameWithoutExtension($file)
    if ($Document.Title -ne $name) { Stop-Conversion $file $Document.TitleLine "the title '# $($Document.Title)' must be the command name '$name'" }
    if ($name -notmatch '^(\w+)-(\w+)$') { Stop-Conversion $file $Document.TitleLine "'$name' is not a Verb-Noun command name" }
    $verb, $noun = $Matches[1], $Matches[2]
    if (-not $Document.FrontMatter['external help file']) { Stop-Conversion $file 1 "the front matter lacks 'external help file:'" }
    $sections = @{}
    foreach ($sectionName in $commandSections) {
        $section = Assert-Section $Document $sectionName $commandSections
        $sections[$sectionName] = [pscustomobject]@{ Line = $section.Line; Blocks = @(Get-Block $section) }
    }

    $synopsis = @(Get-ParagraphText $sections['SYNOPSIS'].Blocks) -join ' '
    if (-not $synopsis) { Stop-Conversion $file $sections['SYNOPSIS'].Line "'## SYNOPSIS' is empty" }
    $description = @(Get-ParagraphText $sections['DESCRIPTION'].Blocks)
    if ($description.Count -eq 0) { Stop-Conversion $file $sections['DESCRIPTION'].Line "'## DESCRIPTION' is empty" }

    $syntax = foreach ($set in Split-AtHeading $sections['SYNTAX'].Blocks) {
        $code = $set.Blocks | Where-Object Kind -EQ 'Code' | Select-Object -First 1
        if (-not $code) { Stop-Conversion $file $set.Line "the syntax of '$($set.Title)' has no code block" }
        # A parameter name follows a space or '[': this skips the dash inside the command name.
        $names = @([regex]::Matches($code.Text, '(?<=[\s\[])-(\w+)') | ForEach-Object { $_.Groups[1].Value })
        [pscustomobject]@{ Name = ($set.Title -replace '\s*\(Default\)$'); Line = $set.Line; Parameters = $names }
    }
    if (-not $syntax) { Stop-Conversion $file $sections['SYNTAX'].Line "'## SYNTAX' has no '### <parameter set>' with a code block" }

    $parameters = [ordered]@{}
    foreach ($block in Split-AtHeading $sections['PARAMETERS'].Blocks) {
        if ($block.Title -eq 'CommonParameters') { continue }
        if ($block.Title -notmatch '^-(\w+)$') { Stop-Conversion $file $block.Line "'### $($block.Title)' is not a parameter heading (### -Name)" }
        $parameterName = $Matches[1]
        $yaml = $block.Blocks | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'yaml' } | Select-Object -First 1
        if (-not $yaml) { Stop-Conversion $file $block.Line "the parameter -$parameterName has no yaml block" }
        $text = @(Get-ParagraphText ($block.Blocks | Where-Object { $_ -ne $yaml }))
        if ($text.Count -eq 0) { Stop-Conversion $file $block.Line "the parameter -$parameterName has no description" }
        $values = Read-ParameterYaml $Document $yaml
        $parameters[$parameterName] = [pscustomobject]@{
            Name = $parameterName; Description = $text; Line = $block.Line
            Type = $values['Type']; Required = $values['Required'] -eq 'True'; Position = $values['Position']
            Default = $values['Default value']; PipelineInput = $values['Accept pipeline input']
            Globbing = $values['Accept wildcard characters'] -eq 'True'
            Aliases = $values['Aliases']; Sets = @($values['Parameter Sets'] -split '\s*,\s*')
            AcceptedValues = @(if ($values['Accepted values']) { $values['Accepted values'] -split '\s*,\s*' })
        }
    }

    # The syntax blocks and the yaml 'Parameter Sets' must tell the same story, or Get-Help would contradict itself.
    foreach ($set in $syntax) {
        foreach ($parameterName in $set.Parameters) {
            if (-not $parameters.Contains($parameterName)) {
                Stop-Conversion $file $set.Line "-$parameterName is in the syntax of '$($set.Name)' but has no '### -$parameterName' block under '## PARAMETERS'"
            }
        }
        $declared = @($parameters.Values | Where-Object { $_.Sets -contains '(All)' -or $_.Sets -contains $set.Name } | ForEach-Object Name)
        $difference = @(Compare-Object @($set.Parameters) $declared | ForEach-Object { "-$($_.InputObject)" })
        if ($difference) {
            Stop-Conversion $file $set.Line "the syntax of '$($set.Name)' and the yaml 'Parameter Sets' disagree about: $($difference -join ', ')"
        }
    }
    foreach ($parameter in $parameters.Values) {
        if (-not ($syntax | Where-Object { $_.Parameters -contains $parameter.Name })) {
            Stop-Conversion $file $parameter.Line "-$($parameter.Name) is documented but in no syntax block"
        }
    }

    $examples = foreach ($example in Split-AtHeading $sections['EXAMPLES'].Blocks) {
        $code = @($example.Blocks | Where-Object Kind -EQ 'Code')
        if ($code.Count -eq 0) { Stop-Conversion $file $example.Line "the example '$($example.Title)' has no code block" }
        $remarks = @(Get-ParagraphText ($example.Blocks | Where-Object Kind -EQ 'Para'))
        [pscustomobject]@{ Title = $example.Title; Code = ($code.Text -join "`n`n"); Remarks = $remarks }
    }
    if (-not $examples) { Stop-Conversion $file $sections['EXAMPLES'].Line "'## EXAMPLES' has no '### Example' heading" }

    $links = [System.Collections.Generic.List[object]]::new()
    if ($Document.FrontMatter['online version']) {
        $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $Document.FrontMatter['online version'] })
    }
    foreach ($block in $sections['RELATED LINKS'].Blocks | Where-Object Kind -EQ 'Para') {
        if ($block.Text -notmatch '^(?:[-*+]\s+)?\[([^\]]+)\]\(([^)\s]*)\)$') {
            Stop-Conversion $file $block.Line "a related link must be [text](uri), not '$($block.Text)'"
        }
        $text, $uri = $Matches[1], $Matches[2]
        # A link to a sibling page (Get-Foo.md) is a name Get-Help shows; only a web address is a uri.
        $links.Add([pscustomobject]@{ Text = $text; Uri = ($uri -match '^https?://') ? $uri : '' })
    }

    [pscustomobject]@{
        Name = $name; Verb = $verb; Noun = $noun; HelpFile = $Document.FrontMatter['external help file']
        Synopsis = $synopsis; Description = $description; Syntax = @($syntax); Parameters = $parameters
        Inputs = @(Read-TypeList $sections['INPUTS']); Outputs = @(Read-TypeList $sections['OUTPUTS'])
        Notes = @(Get-ParagraphText $sections['NOTES'].Blocks); Examples = @($examples); Links = $links
    }
}

function Read-TypeList {
    <# '### Type.Name' headings with their explanation (INPUTS, OUTPUTS). #>
    param($Section)
    foreach ($type in Split-AtHeading $Section.Blocks) {
        [pscustomobject]@{ Type = $type.Title; Description = @(Get-ParagraphText $type.Blocks) }
    }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs, [string] $Prefix = 'maml', [string] $Namespace = $mamlNs, [string] $Element = 'description')
    $Writer.WriteStartElement($Prefix, $Element, $Namespace)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $mamlNs, $paragraph) }
    if (-not $Paragraphs) { $Writer.WriteElementString('maml', 'para', $mamlNs, '') }
    $Writer.WriteEndElement()
}

function Write-Parameter {
    <# One command:parameter; in a syntax item a switch has no value, so Get-Help shows [-Name] and not [-Name <SwitchParameter>]. #>
    param([System.Xml.XmlWriter] $Writer, $Parameter, [switch] $InSyntax)
    $isSwitch = $Parameter.Type -eq 'SwitchParameter'
    $Writer.WriteStartElement('command', 'parameter', $commandNs)
    $Writer.WriteAttributeString('required', "$($Parameter.Required)".ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', "$($Parameter.Globbing)".ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Parameter.PipelineInput)
    $Writer.WriteAttributeString('position', ($Parameter.Position -eq 'Named') ? 'named' : $Parameter.Position)
    $Writer.WriteAttributeString('aliases', ($Parameter.Aliases -eq 'None') ? 'none' : $Parameter.Aliases)
    $Writer.WriteElementString('maml', 'name', $mamlNs, $Parameter.Name)
    Write-Description $Writer $Parameter.Description
    if ($Parameter.AcceptedValues) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $commandNs)
        foreach ($value in $Parameter.AcceptedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $commandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $commandNs, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $commandNs)
        $Writer.WriteAttributeString('required', "$(-not $isSwitch)".ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', "$($Parameter.Type.EndsWith('[]'))".ToLowerInvariant())
        $Writer.WriteString($Parameter.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $devNs)
    $Writer.WriteElementString('maml', 'name', $mamlNs, $Parameter.Type)
    $Writer.WriteElementString('maml', 'uri', $mamlNs, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $devNs, $Parameter.Default)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $Element, $Types)
    $Writer.WriteStartElement('command', "${Element}s", $commandNs)
    foreach ($type in $Types) {
        $Writer.WriteStartElement('command', $Element, $commandNs)
        $Writer.WriteStartElement('dev', 'type', $devNs)
        $Writer.WriteElementString('maml', 'name', $mamlNs, $type.Type)
        $Writer.WriteEndElement()
        Write-Description $Writer $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $Help)
    $Writer.WriteStartElement('command', 'command', $commandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $mamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $commandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $devNs)

    $Writer.WriteStartElement('command', 'details', $commandNs)
    $Writer.WriteElementString('command', 'name', $commandNs, $Help.Name)
    $Writer.WriteElementString('command', 'verb', $commandNs, $Help.Verb)
    $Writer.WriteElementString('command', 'noun', $commandNs, $Help.Noun)
    Write-Description $Writer @($Help.Synopsis)
    $Writer.WriteEndElement()
    Write-Description $Writer $Help.Description

    $Writer.WriteStartElement('command', 'syntax', $commandNs)
    foreach ($set in $Help.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $commandNs)
        $Writer.WriteElementString('maml', 'name', $mamlNs, $Help.Name)
        foreach ($parameterName in $set.Parameters) { Write-Parameter $Writer $Help.Parameters[$parameterName] -InSyntax }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $commandNs)
    foreach ($parameter in $Help.Parameters.Values) { Write-Parameter $Writer $parameter }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputType' $Help.Inputs
    Write-TypeList $Writer 'returnValue' $Help.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $mamlNs)
    $Writer.WriteStartElement('maml', 'alert', $mamlNs)
    foreach ($paragraph in $Help.Notes) { $Writer.WriteElementString('maml', 'para', $mamlNs, $paragraph) }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $commandNs)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $commandNs)
        $Writer.WriteElementString('maml', 'title', $mamlNs, "--------- $($example.Title) ---------")
        $Writer.WriteElementString('dev', 'code', $devNs, $example.Code)
        # A trailing empty paragraph puts a blank line between one example's remarks and the next title.
        $remarks = $example.Remarks ? @($example.Remarks) + '' : @()
        Write-Description $Writer $remarks -Prefix 'dev' -Namespace $devNs -Element 'remarks'
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $commandNs)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $mamlNs)
        $Writer.WriteElementString('maml', 'linkText', $mamlNs, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $mamlNs, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

function Format-Wrapped {
    <# Word-wraps one paragraph to 80 columns: the first line at $Indent, the rest at $Hanging. #>
    param([string] $Text, [int] $Indent, [int] $Hanging)
    $line = ' ' * $Indent
    $empty = $true
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if (-not $empty -and $line.Length + 1 + $word.Length -gt 80) {
            $line
            $line = ' ' * $Hanging + $word
        }
        else { $line += ($empty ? '' : ' ') + $word }
        $empty = $false
    }
    $line
}

function ConvertTo-AboutText {
    <# An about topic in the plain-text layout of PowerShell's own: UPPERCASE headings, body indented 4. #>
    param($Document)
    $name = [System.IO.Path]::GetFileNameWithoutExtension($Document.File)
    if ($Document.Title -ne $name) { Stop-Conversion $Document.File $Document.TitleLine "the title '# $($Document.Title)' must be the topic name '$name'" }
    $order = @('SHORT DESCRIPTION', 'LONG DESCRIPTION')
    foreach ($required in $order) { $null = Assert-Section $Document $required $order }
    $shortDescription = @(Get-Block $Document.Sections['SHORT DESCRIPTION'] | Where-Object Kind -EQ 'Para')
    if ($shortDescription.Count -ne 1) {
        $line = $Document.Sections['SHORT DESCRIPTION'].Line
        Stop-Conversion $Document.File $line "'## SHORT DESCRIPTION' must be one paragraph (Get-Help lists it as the topic's synopsis)"
    }

    'TOPIC'
    "    $name"
    foreach ($section in $Document.Sections.Values) {
        ''
        $section.Name
        $previous = $null
        foreach ($block in Get-Block $section) {
            # List items and table rows stay together; anything else is separated by a blank line.
            $together = $previous -and $block.Kind -eq 'Para' -and $previous.Kind -eq 'Para' -and $block.Style -ne 'Text' -and $block.Style -eq $previous.Style
            if ($previous -and -not $together) { '' }
            switch ($block.Kind) {
                'Heading' { "  $($block.Text)" }
                'Code' { $block.Lines | ForEach-Object { "        $_".TrimEnd() } }
                'Para' {
                    $text = ConvertFrom-InlineLink $block.Text
                    if ($block.Style -eq 'Row') { "    $text" }
                    elseif ($block.Style -eq 'Item') { Format-Wrapped $text -Indent 4 -Hanging (4 + ($text -replace '^(\S+\s+).*$', '$1').Length) }
                    else { Format-Wrapped $text -Indent 4 -Hanging 4 }
                }
            }
            $previous = $block
        }
    }
}

$sourceFolder = (Resolve-Path -LiteralPath $Path).ProviderPath
$markdown = @(Get-ChildItem -LiteralPath $sourceFolder -Filter '*.md' -File | Sort-Object Name)
$commandFiles = @($markdown | Where-Object Name -NotLike 'about_*')
$aboutFiles = @($markdown | Where-Object Name -Like 'about_*')
if ($commandFiles.Count -eq 0) { throw "${sourceFolder}: no <Verb-Noun>.md command help to convert." }
$null = New-Item -ItemType Directory -Path $OutputPath -Force
$targetFolder = (Resolve-Path -LiteralPath $OutputPath).ProviderPath

$commands = @(foreach ($file in $commandFiles) { Read-CommandHelp (Read-MarkdownDocument $file.FullName) })
$helpFiles = @($commands.HelpFile | Sort-Object -Unique)
if ($helpFiles.Count -ne 1) { throw "${sourceFolder}: the command help must name one 'external help file', not: $($helpFiles -join ', ')." }

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$mamlPath = Join-Path $targetFolder $helpFiles[0]
$writer = [System.Xml.XmlWriter]::Create($mamlPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in $commands) { Write-CommandHelp $writer $command }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally { $writer.Dispose() }
Get-Item -LiteralPath $mamlPath

foreach ($file in $aboutFiles) {
    $text = ConvertTo-AboutText (Read-MarkdownDocument $file.FullName)
    $aboutPath = Join-Path $targetFolder ($file.BaseName + '.help.txt')
    # With a BOM: Windows PowerShell 5.1 then reads the « » of the redaction marker as UTF-8 whatever the code page.
    [System.IO.File]::WriteAllText($aboutPath, (($text -join "`n") + "`n"), [System.Text.UTF8Encoding]::new($true))
    Get-Item -LiteralPath $aboutPath
}
