<#
.SYNOPSIS
    A short tour of HealthcareTools. Runs against whatever endpoint the session points at; build.ps1 -Task Demo
    runs it against a freshly started local emulator.
.EXAMPLE
    $env:HEALTHCARE_EMULATOR_HOST = '127.0.0.1:8080'; ./examples/Demo.ps1 -Project demo-project
#>
param(
    [string] $Project = 'demo-project',
    [string] $Location = 'us-central1',
    # A Cloud Storage bucket for the nightly-pipeline part (the demo runner creates one in the emulator).
    [string] $Bucket
)
$ErrorActionPreference = 'Stop'

function Show([string] $Title, [scriptblock] $Script) {
    Write-Host ''
    Write-Host "PS> $($Script.ToString().Trim())" -ForegroundColor Yellow
    & $Script | Out-Host
}

Set-HcDefault -Project $Project -Location $Location
Show 'Defaults' { Get-HcDefault }
Show 'Locations' { Get-HcLocation -First 3 }
Show 'Create datasets (waits for the long-running operations)' {
    'radiology', 'cardiology', 'scratch' | ForEach-Object { [pscustomobject]@{ Name = $_ } } | New-HcDataset -TimeZone 'Europe/Paris'
}
Show 'List datasets' { Get-HcDataset }
Show 'Change a time zone' { Set-HcDataset -Name cardiology -TimeZone 'America/Chicago' -PassThru }
Show 'Grant a role' { Add-HcIamPolicyBinding -Name radiology -Role roles/healthcare.dicomViewer -Member 'group:readers@example.com' | Select-Object -ExpandProperty Bindings }
Show 'Operations of a dataset' { Get-HcDataset radiology | Get-HcOperation }
Show 'A dataset that does not exist: a non-terminating error, and the pipeline goes on' {
    Get-HcDataset -Name nope, radiology -ErrorAction Continue
}
Show 'A DICOM store with a label' { Set-HcDefault -Dataset radiology; New-HcDicomStore -Name ct -Label @{ modality = 'ct' } }
$samples = Join-Path $PSScriptRoot '../tests/data/dicom-samples/pydicom/test_files/dicomdirtests'
Show 'DICOM files on disk (headers only)' { Get-HcDicomFile -Path $samples/98892001, $samples/77654033 -Recurse | Select-Object -First 5 }
Show 'Import two patients'' studies (streamed, parallel)' {
    Import-HcDicomInstance -DicomStore ct -Path $samples/98892001, $samples/77654033 -Recurse | Group-Object Status | Select-Object Name, Count
}
Show 'Import again: nothing is sent twice' { Import-HcDicomInstance -DicomStore ct -Path $samples/98892001 -Recurse | Group-Object Status | Select-Object Name, Count }
Show 'Search studies' { Get-HcDicomStudy -DicomStore ct -PatientName 'Doe*' }
$out = Join-Path ([IO.Path]::GetTempPath()) "hc-demo-$([guid]::NewGuid().ToString('n'))"
Show 'Download the CT series of one patient' {
    Get-HcDicomStudy -DicomStore ct -PatientID 98890234 | Get-HcDicomSeries -Modality CT | Save-HcDicomInstance -Path $out | Select-Object Name, Length
}
Show 'Render an instance as PNG' { Get-HcDicomInstance -DicomStore ct -First 1 | Save-HcDicomRendered -Path $out | Select-Object Name, Length }
Show 'Delete a study' { Get-HcDicomStudy -DicomStore ct -PatientID 77654033 | Remove-HcDicomStudy -Force; @(Get-HcDicomStudy -DicomStore ct).Count }
Remove-Item $out -Recurse -Force -ErrorAction SilentlyContinue

if ($Bucket) {
    Write-Host ''
    Write-Host '--- The nightly pipeline: Cloud Storage in, search, Cloud Storage and BigQuery out, de-identify ---' -ForegroundColor Green
    Show 'Stage files in Cloud Storage' { Copy-HcStorageObject -Path $samples/98892003 -Destination gs://$Bucket/incoming/ -Recurse | Measure-Object Size -Sum | Select-Object Count, Sum }
    Show 'Import them server-side (a long-running operation, with progress)' { New-HcDicomStore -Name nightly | Out-Null; Import-HcDicomInstance -DicomStore nightly -GcsUri "gs://$Bucket/incoming/**" }
    Show 'Search' { Get-HcDicomStudy -DicomStore nightly | Select-Object PatientName, StudyDate, NumberOfStudyRelatedInstances }
    Show 'Export the whole store to Cloud Storage' { Get-HcDicomStore -Name nightly | Export-HcDicomInstance -Destination gs://$Bucket/export/ }
    Show 'Export its metadata to BigQuery' { Get-HcDicomStore -Name nightly | Export-HcDicomInstance -BigQueryTable "$Project.dicom.nightly" -WriteDisposition Truncate }
    Show 'Export one study, streamed by the module' { Get-HcDicomStudy -DicomStore nightly -First 1 | Export-HcDicomInstance -Destination gs://$Bucket/one-study/ | Select-Object Size, Name }
    Show 'De-identify into a new store (basic profile, keeping StudyDate)' { Invoke-HcDeidentify -DicomStore nightly -DestinationStore nightly_deid -Profile Basic -KeepTag StudyDate }
    Show 'What the de-identified store holds' { Get-HcDicomStudy -DicomStore nightly_deid | Select-Object PatientName, PatientID, StudyDate, StudyInstanceUID }
}

Show 'Remove the datasets' { Get-HcDataset | Remove-HcDataset -Force -PassThru }
Show 'Nothing left' { @(Get-HcDataset).Count }
