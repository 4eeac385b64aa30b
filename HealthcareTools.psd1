@{
    RootModule           = 'HealthcareTools.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0b9f61-3c1e-4b5e-9d8a-2f1f2b7c4e01'
    Author               = 'HealthcareTools contributors'
    CompanyName          = 'HealthcareTools'
    Copyright            = '(c) HealthcareTools contributors. All rights reserved.'
    Description          = 'Cmdlets for the Google Cloud Healthcare API v1: datasets, DICOM, FHIR and HL7v2 stores, DICOMweb, long-running operations, bulk import/export and de-identification. Works against Google Cloud, the bundled local emulator, and any DICOMweb server.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('HealthcareTools.Format.ps1xml')
    TypesToProcess       = @('HealthcareTools.Types.ps1xml')
    CmdletsToExport      = @(
        'Set-HcDefault', 'Get-HcDefault',
        'Get-HcLocation',
        'Get-HcDataset', 'New-HcDataset', 'Set-HcDataset', 'Remove-HcDataset',
        'Get-HcOperation', 'Wait-HcOperation', 'Stop-HcOperation',
        'Get-HcIamPolicy', 'Set-HcIamPolicy', 'Add-HcIamPolicyBinding', 'Remove-HcIamPolicyBinding', 'Test-HcIamPermission',
        'Get-HcDicomStore', 'New-HcDicomStore', 'Set-HcDicomStore', 'Remove-HcDicomStore',
        'Get-HcDicomStudy', 'Get-HcDicomSeries', 'Get-HcDicomInstance', 'Import-HcDicomInstance', 'Save-HcDicomInstance', 'Save-HcDicomRendered',
        'Remove-HcDicomStudy', 'Remove-HcDicomSeries', 'Remove-HcDicomInstance', 'Export-HcDicomInstance',
        'Get-HcDicomFile',
        'Get-HcStorageObject', 'Copy-HcStorageObject',
        'New-HcDeidentifyConfig', 'Invoke-HcDeidentify'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('GoogleCloud', 'Healthcare', 'DICOM', 'DICOMweb', 'FHIR', 'HL7v2', 'GCP', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://example.invalid/HealthcareTools'
            ReleaseNotes = 'Foundation: defaults, credentials, endpoints, locations, datasets, operations and IAM.'
        }
    }
}
