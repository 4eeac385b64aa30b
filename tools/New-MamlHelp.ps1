<#
.SYNOPSIS
    Writes the module's MAML help from its two sources of truth: the cmdlets' metadata (parameter sets,
    types, pipeline binding, OutputType) and the XML documentation comments on the cmdlet classes
    (<para type="synopsis">, <para type="description">, <example><code/><para/></example>).
.DESCRIPTION
    PlatyPS is not available here, so this is our own small generator. Missing help text is reported
    as a warning; the Pester suite fails on it.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $XmlDocPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$module = Import-Module $ModulePath -PassThru
[xml] $xmlDoc = Get-Content -Raw $XmlDocPath
$members = @{}
foreach ($member in $xmlDoc.doc.members.member) { $members[$member.name] = $member }
# Parameters that PowerShell adds itself (SupportsPaging) have no XML documentation of ours.
$builtInParameterDocs = @{
    First             = 'Returns only the first N objects; no further pages are requested.'
    Skip              = 'Skips the first N objects.'
    IncludeTotalCount = 'Reports the total number of objects before the objects themselves.'
}
$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

function Get-Para([System.Xml.XmlElement] $Node, [string] $Type) {
    if ($null -eq $Node) { return @() }
    @($Node.SelectNodes("summary/para[@type='$Type']") | ForEach-Object { ($_.InnerText -replace '\s+', ' ').Trim() })
}

function Get-MemberDoc([Type] $Type, [string] $Property) {
    # Parameters may be declared on a base cmdlet class: walk up to the declaring type.
    for ($t = $Type; $null -ne $t; $t = $t.BaseType) {
        $key = if ($Property) { "P:$($t.FullName).$Property" } else { "T:$($t.FullName)" }
        if ($members.ContainsKey($key)) { return $members[$key] }
    }
    $null
}

function Get-TypeName([Type] $Type) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $Type.Name
}

function Get-PipelineInput([System.Management.Automation.ParameterMetadata] $Parameter) {
    $kinds = @()
    foreach ($attribute in $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }) {
        if ($attribute.ValueFromPipeline) { $kinds += 'ByValue' }
        if ($attribute.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    }
    $kinds = @($kinds | Sort-Object -Unique)
    if ($kinds.Count -eq 0) { 'False' } else { "True ($($kinds -join ', '))" }
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paras([string[]] $Paragraphs) {
    $writer.WriteStartElement('maml', 'description', $maml)
    foreach ($p in $Paragraphs) { $writer.WriteElementString('maml', 'para', $maml, $p) }
    $writer.WriteEndElement()
}

function Write-Parameter($Parameter, $SetParameter, [string] $Description) {
    $writer.WriteStartElement('command', 'parameter', $command)
    $writer.WriteAttributeString('required', $SetParameter.IsMandatory.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
    $globbing = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $writer.WriteAttributeString('globbing', $globbing.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $Parameter))
    $position = if ($SetParameter.Position -ge 0) { [string]$SetParameter.Position } else { 'named' }
    $writer.WriteAttributeString('position', $position)
    $aliases = if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }
    $writer.WriteAttributeString('aliases', $aliases)
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Paras @($Description)
    if ($Parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $writer.WriteStartElement('command', 'parameterValue', $command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
        $writer.WriteString((Get-TypeName $Parameter.ParameterType))
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('dev', 'type', $dev)
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.ParameterType.FullName)
    $writer.WriteEndElement()
    $writer.WriteElementString('dev', 'defaultValue', $dev, 'None')
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
$problems = 0
foreach ($cmdlet in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $type = $cmdlet.ImplementingType
    $doc = Get-MemberDoc $type $null
    $synopsis = @(Get-Para $doc 'synopsis')
    $description = @(Get-Para $doc 'description')
    $examples = if ($doc) { @($doc.SelectNodes('example')) } else { @() }
    if ($synopsis.Count -eq 0 -or $description.Count -eq 0 -or $examples.Count -lt 2) {
        Write-Warning "$($cmdlet.Name): needs a synopsis, a description and at least two examples in its XML documentation."
        $problems++
    }

    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $command)
    $writer.WriteElementString('command', 'name', $command, $cmdlet.Name)
    $writer.WriteElementString('command', 'verb', $command, $cmdlet.Verb)
    $writer.WriteElementString('command', 'noun', $command, $cmdlet.Noun)
    Write-Paras $synopsis
    $writer.WriteEndElement()
    Write-Paras $description

    $parameterDocs = @{}
    foreach ($parameter in $cmdlet.Parameters.Values | Where-Object { $_.Name -notin $commonParameters }) {
        $text = @(Get-Para (Get-MemberDoc $type $parameter.Name) 'description') -join ' '
        if (-not $text) { $text = $builtInParameterDocs[$parameter.Name] }
        if (-not $text) { Write-Warning "$($cmdlet.Name) -$($parameter.Name): no description."; $problems++ }
        $parameterDocs[$parameter.Name] = $text
    }

    $writer.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $command)
        $writer.WriteElementString('maml', 'name', $maml, $cmdlet.Name)
        foreach ($setParameter in $set.Parameters | Where-Object { $_.Name -notin $commonParameters }) {
            Write-Parameter $cmdlet.Parameters[$setParameter.Name] $setParameter $parameterDocs[$setParameter.Name]
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $command)
    foreach ($parameter in $cmdlet.Parameters.Values | Where-Object { $_.Name -notin $commonParameters } | Sort-Object Name) {
        $setParameter = $cmdlet.ParameterSets.Parameters | Where-Object Name -eq $parameter.Name | Select-Object -First 1
        Write-Parameter $parameter $setParameter $parameterDocs[$parameter.Name]
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'inputTypes', $command)
    $inputs = @($cmdlet.Parameters.Values | Where-Object { (Get-PipelineInput $_) -ne 'False' } |
        ForEach-Object { "$($_.ParameterType.FullName) (-$($_.Name), $((Get-PipelineInput $_) -replace '^True ', ''))" })
    foreach ($input in $inputs) {
        $writer.WriteStartElement('command', 'inputType', $command)
        $writer.WriteStartElement('dev', 'type', $dev); $writer.WriteElementString('maml', 'name', $maml, $input); $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'returnValues', $command)
    foreach ($output in $cmdlet.OutputType) {
        $writer.WriteStartElement('command', 'returnValue', $command)
        $writer.WriteStartElement('dev', 'type', $dev); $writer.WriteElementString('maml', 'name', $maml, $output.Name); $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'examples', $command)
    $number = 0
    foreach ($example in $examples) {
        $number++
        $writer.WriteStartElement('command', 'example', $command)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- Example $number --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, ($example.SelectSingleNode('code').InnerText.Trim()))
        $writer.WriteStartElement('dev', 'remarks', $dev)
        foreach ($para in $example.SelectNodes('para')) { $writer.WriteElementString('maml', 'para', $maml, ($para.InnerText -replace '\s+', ' ').Trim()) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $command)
    $writer.WriteStartElement('maml', 'navigationLink', $maml)
    $writer.WriteElementString('maml', 'linkText', $maml, 'about_HealthcareTools')
    $writer.WriteElementString('maml', 'uri', $maml, '')
    $writer.WriteEndElement()
    $writer.WriteEndElement()

    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()
Write-Host "Help for $(@(Get-Command -Module $module.Name -CommandType Cmdlet).Count) cmdlets written to $OutputPath ($problems gaps)."
